
namespace Pix2Pix.Torch.Tests;

public sealed class DisposeScopeTests
{
    [Fact]
    public void TensorsCreatedInScope_AreDisposedAtItsEnd()
    {
        var live = Tensor.LiveCount;
        Tensor a, b, c;
        using (var scope = torch.NewDisposeScope())
        {
            a = torch.ones([2]);
            b = a * 2;
            c = b.grad ?? b.add(1);
            Assert.Equal(3, scope.Count);
            Assert.Equal(live + 3, Tensor.LiveCount);
        }
        Assert.True(a.IsInvalid && b.IsInvalid && c.IsInvalid);
        Assert.Equal(live, Tensor.LiveCount);
    }

    [Fact]
    public void MovedOut_SurvivesItsScope_AndJoinsTheOuterOne()
    {
        var live = Tensor.LiveCount;
        Tensor kept, detached, inner;
        using (var outer = torch.NewDisposeScope())
        {
            using (var scope = torch.NewDisposeScope())
            {
                inner = torch.ones([2]);
                kept = scope.MoveToOuter(torch.ones([3]) * 5);
                detached = torch.zeros([1]).DetachFromDisposeScope();
                Assert.Equal(2, scope.Count);
                Assert.Equal(1, outer.Count);
            }
            Assert.True(inner.IsInvalid);
            Assert.Equal(new[] { 5f, 5f, 5f }, kept.data_float());
            Assert.Equal(1, outer.Count);
        }
        Assert.True(kept.IsInvalid);
        Assert.False(detached.IsInvalid);
        detached.Dispose();
        Assert.Equal(live, Tensor.LiveCount);
    }

    [Fact]
    public void MoveToOuter_FromOutermostScope_LeavesItUnscoped()
    {
        Tensor t;
        using (torch.NewDisposeScope()) t = torch.ones([1]).MoveToOuterDisposeScope();
        Assert.False(t.IsInvalid);
        t.Dispose();
        Assert.True(t.IsInvalid);
    }

    [Fact]
    public void ExplicitDispose_InsideScope_IsFine_AndLeavesScope()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.ones([1]);
        t.Dispose();
        Assert.Equal(0, scope.Count);
        scope.Dispose();
        scope.Dispose();
    }

    [Fact]
    public void Scopes_AreThreadLocal()
    {
        using var scope = torch.NewDisposeScope();
        Tensor? other = null;
        var thread = new Thread(() => other = torch.ones([1]));
        thread.Start();
        thread.Join();
        Assert.Equal(0, scope.Count);
        scope.Dispose();
        Assert.False(other!.IsInvalid);
        other.Dispose();
    }

    [Fact]
    public void OuterDisposedFirst_InnerStillWorks_AndMovesSkipTheDeadScope()
    {
        var outer = torch.NewDisposeScope();
        var inner = torch.NewDisposeScope();
        outer.Dispose();
        var t = torch.ones([1]);
        Assert.Equal(1, inner.Count);
        t.MoveToOuterDisposeScope();
        inner.Dispose();
        Assert.False(t.IsInvalid);
        t.Dispose();
        using var next = torch.NewDisposeScope();
        torch.ones([1]);
        Assert.Equal(1, next.Count);
    }
}
