namespace Pix2Pix.Torch;

public sealed partial class Tensor
{
    /// <summary>Sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    /// <summary>Tensor plus scalar.</summary>
    public static Tensor operator +(Tensor a, double s) => a.add(s);
    /// <summary>Scalar plus tensor.</summary>
    public static Tensor operator +(double s, Tensor a) => a.add(s);
    /// <summary>Difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    /// <summary>Tensor minus scalar.</summary>
    public static Tensor operator -(Tensor a, double s) => a.sub(s);
    /// <summary>Scalar minus tensor.</summary>
    public static Tensor operator -(double s, Tensor a) => From(Native.p2p_rsub_scalar(a.Handle, s));
    /// <summary>Element-wise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    /// <summary>Tensor times scalar.</summary>
    public static Tensor operator *(Tensor a, double s) => a.mul(s);
    /// <summary>Scalar times tensor.</summary>
    public static Tensor operator *(double s, Tensor a) => a.mul(s);
    /// <summary>Element-wise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    /// <summary>Tensor divided by scalar.</summary>
    public static Tensor operator /(Tensor a, double s) => a.div(s);
    /// <summary>Scalar divided by tensor.</summary>
    public static Tensor operator /(double s, Tensor a) => From(Native.p2p_rdiv_scalar(a.Handle, s));
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.neg();
}
