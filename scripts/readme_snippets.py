#!/usr/bin/env python3
"""Runs the README's snippets as written, in order, in a scratch folder, as a user following it would.

Every ```sh block runs in bash (-e, -o pipefail) from the scratch folder, which holds links to this repository's
`pix2pix` launcher and `samples/`, so the commands find what a clone has and write only into the scratch folder. Each
block runs in a process group of its own that is killed when it ends (a server it started in the background goes
with it). Lines that run `scripts/test.sh` (this very command) and `dotnet add package` lines (no project to add to:
tests/Consumer references the same packages) are left out and reported. Every ```csharp block becomes the Program.cs
of a console app referencing src/Inference.MLNet, run with `dotnet run` from the scratch folder; when a ```text block
follows it, its output must equal that block. Prints one line per block and `Failed: N, Passed: N`.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIPPED_LINE = re.compile(r"^\s*(\./scripts/test\.sh|dotnet add package)\b")


def blocks(readme):
    """(language, text, line number) of every fenced block."""
    found, lines, i = [], readme.splitlines(), 0
    while i < len(lines):
        m = re.match(r"^```(\w*)\s*$", lines[i])
        if m:
            start, body = i + 1, []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            found.append((m.group(1), "\n".join(body) + "\n", start))
        i += 1
    return found


def run_group(args, cwd, timeout, stdin=None):
    """Runs in a new process group and waits for it (not for what it left in the background); then kills the whole
    group. Output goes through a file, so a background process that keeps it open does not hold this up. Returns
    (code, output)."""
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                   stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE)
        try:
            if stdin is not None:
                process.stdin.write(stdin)
                process.stdin.close()
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = 124
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        out.seek(0)
        output = out.read()
    if code == 124:
        output += f"\ntimed out after {timeout} s"
    return code, output


def app_project(folder):
    os.makedirs(folder, exist_ok=True)
    mlnet = os.path.join(REPO, "src", "Inference.MLNet", "Pix2Pix.Inference.MLNet.csproj")
    with open(os.path.join(folder, "ReadmeSnippet.csproj"), "w") as f:
        f.write(f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="{mlnet}" />
  </ItemGroup>
</Project>
""")


def main():
    with open(os.path.join(REPO, "README.md")) as f:
        found = blocks(f.read())
    work = tempfile.mkdtemp(prefix="p2p-readme-")
    os.symlink(os.path.join(REPO, "pix2pix"), os.path.join(work, "pix2pix"))
    os.symlink(os.path.join(REPO, "samples"), os.path.join(work, "samples"))
    env_note = f"readme snippets: running in {work}"
    print(env_note, flush=True)
    passed = failed = 0
    try:
        for index, (language, text, line) in enumerate(found):
            if language == "sh":
                kept = [l for l in text.splitlines() if not SKIPPED_LINE.match(l)]
                left_out = [l.split("#")[0].strip() for l in text.splitlines() if SKIPPED_LINE.match(l)]
                if not any(l.strip() and not l.strip().startswith("#") for l in kept):
                    print(f"README.md:{line}: sh block not run ({'; '.join(left_out)})", flush=True)
                    continue
                code, output = run_group(["bash", "-e", "-o", "pipefail", "-s"], work, 1800, "\n".join(kept) + "\n")
            elif language == "csharp":
                app = os.path.join(work, f"snippet{index}")
                app_project(app)
                with open(os.path.join(app, "Program.cs"), "w") as f:
                    f.write(text)
                code, build_output = run_group(["dotnet", "build", app, "-c", "Release", "-nologo", "-v", "q",
                                                "-clp:ErrorsOnly"], work, 900)
                output = build_output
                if code == 0:
                    dll = os.path.join(app, "bin", "Release", "net10.0", "ReadmeSnippet.dll")
                    code, output = run_group(["dotnet", dll], work, 900)
                    expected = found[index + 1] if index + 1 < len(found) and found[index + 1][0] == "text" else None
                    if code == 0 and expected is not None and output.strip() != expected[1].strip():
                        output = f"printed:\n{output}\nREADME.md:{expected[2]} shows:\n{expected[1]}"
                        code = 1
            else:
                continue
            if code == 0:
                passed += 1
                print(f"README.md:{line}: {language} block passed", flush=True)
            else:
                failed += 1
                print(f"README.md:{line}: {language} block FAILED (exit {code}):\n{output[-6000:]}", flush=True)
        print(f"readme snippets: Failed: {failed}, Passed: {passed}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
