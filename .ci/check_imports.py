#!/usr/bin/env python3
"""Import cycles between the files of src/ (and, as warnings, functions over 80 lines and
module heads that do not say in at most 3 lines what the file owns).

An edge runs from file F to file G when F names G's module through `use crate::…`,
`use super::…`, `use self::…` (or a bare `use x::…` / `x::…` where `x` is a module F declares),
or an inline `crate::a::b::…` / `super::…` path; a path maps to the deepest existing module
file. `mod x;` declarations are not edges, nor are comments and string literals. Every strongly
connected component of more than one file is a cycle: it is printed with its files and the
lines that make each edge inside it, and the exit code is 1. So is an edge that crosses a
layer rule of FORBIDDEN (the plain pipeline must not know `serve`'s incremental memory).

usage: check_imports.py [SRC_DIR]      (default: src/ next to this folder)
       check_imports.py --self-test    (runs the checker on small fake trees)
"""

import os
import re
import sys
import tempfile

MAX_FN_LINES = 80
# Top-level module → top-level modules it must not import: the plain pipeline stages never see
# the incremental layer, which reaches them only through their `reuse::Reuse` traits.
FORBIDDEN = {m: {"incremental"} for m in ("load", "model", "render", "output")}
MAX_HEAD_LINES = 3

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
MOD_DECL = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(" + IDENT + r")\s*([;{])")
FN_DECL = re.compile(
    r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(" + IDENT + r")"
)
INLINE_PATH = re.compile(r"(?<![A-Za-z0-9_:])(" + IDENT + r"(?:::" + IDENT + r")+)")


def strip_code(text):
    """The text with comments, string and char literals blanked (line structure kept)."""
    out = []
    i, n = 0, len(text)
    block = 0
    while i < n:
        c = text[i]
        if block:
            if text.startswith("*/", i):
                block -= 1
                i += 2
            elif text.startswith("/*", i):
                block += 1
                i += 2
            else:
                out.append("\n" if c == "\n" else " ")
                i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            block = 1
            i += 2
        elif c == "r" and re.match(r'r#*"', text[i:]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            hashes = re.match(r'r(#*)"', text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append("".join("\n" if ch == "\n" else " " for ch in text[i:end]))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append("".join("\n" if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif c == "'" and re.match(r"'(\\.[^']*|[^\\'])'", text[i:]):
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:])
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def module_files(src):
    """Module path (tuple) → file, for every .rs file of the library under `src`."""
    mods = {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), src)
            parts = rel[:-3].split(os.sep)
            if parts == ["main"]:
                continue  # the binary: a crate of its own, which names the library by its name
            if parts == ["lib"]:
                parts = []
            elif parts[-1] == "mod":
                parts = parts[:-1]
            mods[tuple(parts)] = os.path.join(src, rel)
    return mods


def expand_use(tree):
    """`a::{b, c::{d, self}}` → [a::b, a::c::d, a::c]."""
    tree = re.sub(r"\s+", "", tree)
    tree = re.sub(r"\bas" + IDENT, "", tree)
    if "{" not in tree:
        return [tree]
    i = tree.index("{")
    prefix = tree[:i]
    depth, parts, start = 0, [], i + 1
    for j in range(i, len(tree)):
        if tree[j] == "{":
            depth += 1
        elif tree[j] == "}":
            depth -= 1
            if depth == 0:
                parts.append(tree[start:j])
                break
        elif tree[j] == "," and depth == 1:
            parts.append(tree[start:j])
            start = j + 1
    out = []
    for p in parts:
        if not p:
            continue
        for sub in expand_use(p):
            out.append(prefix[:-2] if sub == "self" else prefix + sub)
    return out


class File:
    def __init__(self, path, module, text):
        self.path = path
        self.module = module
        self.code = strip_code(text)
        self.lines = text.split("\n")


def scope_of(file):
    """For each line, the module path it is in (inline `mod x { … }` blocks included) and the
    child modules declared in that module."""
    scopes, stack, depth = [], [(file.module, -1)], 0
    children = {}
    for line in file.code.split("\n"):
        m = MOD_DECL.match(line)
        mod = stack[-1][0]
        if m:
            children.setdefault(mod, set()).add(m.group(1))
        scopes.append(mod)
        opened = False
        for ch in line:
            if ch == "{":
                depth += 1
                if m and m.group(2) == "{" and not opened:
                    stack.append((mod + (m.group(1),), depth))
                    opened = True
            elif ch == "}":
                if stack[-1][1] == depth:
                    stack.pop()
                depth -= 1
    return scopes, children


def resolve(path, here, children, mods):
    """The module file a `::` path names, seen from module `here`; None if outside the crate."""
    segs = [s for s in path.split("::") if s]
    if not segs:
        return None
    if segs[0] == "crate":
        base, segs = (), segs[1:]
    elif segs[0] in ("super", "self"):
        base = here
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    elif segs[0] in children.get(here, ()):
        base = here
    else:
        return None
    full = base + tuple(segs)
    for k in range(len(full), -1, -1):
        if full[:k] in mods:
            return mods[full[:k]]
    return None


def edges_of(file, mods):
    """{target file: [(line number, line text)]} for one file."""
    scopes, children = scope_of(file)
    code_lines = file.code.split("\n")
    found = {}

    def add(target, lineno):
        if target and target != file.path:
            found.setdefault(target, [])
            if lineno not in [n for n, _ in found[target]]:
                found[target].append((lineno, file.lines[lineno - 1].strip()))

    # `use` items may span lines: read each up to its `;`.
    use_re = re.compile(r"\buse\s+([^;]*);", re.S)
    starts = [0]
    for line in code_lines:
        starts.append(starts[-1] + len(line) + 1)

    def line_at(offset):
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    use_spans = []
    for m in use_re.finditer(file.code):
        lineno = line_at(m.start())
        use_spans.append((m.start(), m.end()))
        here = scopes[lineno - 1]
        for p in expand_use(m.group(1)):
            p = p.lstrip(":")
            if p.endswith("::*"):
                p = p[:-3]
            add(resolve(p, here, children, mods), lineno)
    masked = list(file.code)
    for a, b in use_spans:
        for k in range(a, b):
            if masked[k] != "\n":
                masked[k] = " "
    for lineno, line in enumerate("".join(masked).split("\n"), 1):
        if MOD_DECL.match(line):
            continue
        for m in INLINE_PATH.finditer(line):
            add(resolve(m.group(1), scopes[lineno - 1], children, mods), lineno)
    return found


def sccs(nodes, graph):
    """Tarjan's strongly connected components."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def long_functions(file):
    """(name, first line, length) of every function body longer than MAX_FN_LINES lines."""
    out = []
    code_lines = file.code.split("\n")
    for i, line in enumerate(code_lines):
        m = FN_DECL.match(line)
        if not m:
            continue
        depth, opened = 0, False
        for j in range(i, len(code_lines)):
            for ch in code_lines[j]:
                if ch == "{":
                    depth += 1
                    opened = True
                elif ch == "}":
                    depth -= 1
                elif ch == ";" and not opened and depth == 0:
                    break  # a declaration without a body (trait item)
            else:
                if opened and depth == 0:
                    if j - i + 1 > MAX_FN_LINES:
                        out.append((m.group(1), i + 1, j - i + 1))
                    break
                continue
            break
    return out


def head_problem(file):
    """Why the file's `//!` head does not say what it owns in its first paragraph of at most
    MAX_HEAD_LINES lines (details may follow after a `//!` blank line), or None."""
    first = 0
    for line in file.lines:
        if not line.startswith("//!"):
            break
        if line.strip() == "//!":
            break
        first += 1
    if first == 0:
        return "has no `//!` module head saying what it owns"
    if first > MAX_HEAD_LINES:
        return f"module head's first paragraph is {first} lines (over {MAX_HEAD_LINES})"
    return None


def check(src, out=sys.stdout):
    mods = module_files(src)
    files = {}
    for module, path in mods.items():
        with open(path, encoding="utf-8") as f:
            files[path] = File(path, module, f.read())
    graph = {path: edges_of(f, mods) for path, f in files.items()}
    rel = lambda p: os.path.relpath(p, os.path.dirname(os.path.abspath(src)))
    cycles = [c for c in sccs(list(files), graph) if len(c) > 1]
    crossings = layer_crossings(files, graph)
    for a, b, lineno, text in crossings:
        top_a, top_b = files[a].module[0], files[b].module[0]
        print(f"layer rule: {top_a}/ must not import {top_b}/", file=out)
        print(f"    {rel(a)}:{lineno} -> {rel(b)}: {text}", file=out)
    for c in cycles:
        print(f"import cycle between {len(c)} files:", file=out)
        for a in c:
            print(f"  {rel(a)}", file=out)
        for a in c:
            for b in sorted(graph[a]):
                if b in c:
                    for lineno, text in graph[a][b]:
                        print(f"    {rel(a)}:{lineno} -> {rel(b)}: {text}", file=out)
    for path in sorted(files):
        for name, line, length in long_functions(files[path]):
            print(
                f"warning: {rel(path)}:{line}: fn {name} is {length} lines (over {MAX_FN_LINES})",
                file=out,
            )
    for path in sorted(files):
        why = head_problem(files[path])
        if why:
            print(f"warning: {rel(path)}:1: {why}", file=out)
    if cycles:
        print(f"{len(cycles)} import cycle(s) in {rel(src)}", file=out)
    else:
        print(f"no import cycles in {rel(src)} ({len(files)} files)", file=out)
    if crossings:
        print(f"{len(crossings)} import(s) across a layer rule in {rel(src)}", file=out)
    return 1 if cycles or crossings else 0


def layer_crossings(files, graph):
    """(file, target, line number, line text) of every edge FORBIDDEN rules out."""
    out = []
    for a in sorted(graph):
        top_a = files[a].module[:1]
        banned = FORBIDDEN.get(top_a[0], set()) if top_a else set()
        for b in sorted(graph[a]):
            top_b = files[b].module[:1]
            if top_b and top_b[0] in banned:
                for lineno, text in graph[a][b]:
                    out.append((a, b, lineno, text))
    return out


def self_test():
    import io

    def tree(files):
        d = tempfile.mkdtemp()
        src = os.path.join(d, "src")
        for name, text in files.items():
            p = os.path.join(src, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        return src

    def run(files):
        buf = io.StringIO()
        code = check(tree(files), buf)
        return code, buf.getvalue()

    failures = []

    def expect(what, cond, report):
        if not cond:
            failures.append(f"{what}\n{report}")

    # A cycle through a multi-line `use` group and an inline `crate::` path.
    code, rep = run({
        "lib.rs": "pub mod a;\npub mod b;\npub mod c;\n",
        "a.rs": "use crate::{\n    b::Thing,\n    c,\n};\n",
        "b.rs": "pub fn f() { crate::a::g(); }\n",
        "c.rs": "/// Not an edge: crate::a::g in a comment.\nconst S: &str = \"crate::b::x\";\n",
    })
    expect("a<->b is a cycle", code == 1 and "src/a.rs:1 -> src/b.rs" in rep
           and "src/b.rs:1 -> src/a.rs" in rep, rep)
    expect("comments and strings are not edges",
           not any("src/c.rs" in l for l in rep.splitlines() if "->" in l or l.startswith("  src/")), rep)

    # Parent and child: `use self::child` in mod.rs and `use super::T` in the child.
    code, rep = run({
        "lib.rs": "pub mod p;\n",
        "p/mod.rs": "mod k;\nuse self::k::K;\npub struct T;\n",
        "p/k.rs": "use super::T;\npub struct K;\n",
    })
    expect("mod.rs <-> child is a cycle", code == 1 and "src/p/k.rs:1 -> src/p/mod.rs" in rep, rep)

    # A bare path through a declared child module counts as `self::`.
    code, rep = run({
        "lib.rs": "pub mod p;\n",
        "p/mod.rs": "mod k;\npub struct T;\nfn f() { k::make(); }\n",
        "p/k.rs": "pub fn make() -> super::T { super::T }\n",
    })
    expect("bare child path is an edge", code == 1 and "src/p/mod.rs:3 -> src/p/k.rs" in rep, rep)

    # `mod x;` alone, a test module's `use super::*` and one-way imports: no cycle.
    code, rep = run({
        "lib.rs": "pub mod p;\npub mod q;\n",
        "p/mod.rs": "pub mod k;\npub struct T;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        "p/k.rs": "use super::T;\nuse crate::q::Q;\n",
        "q.rs": "pub struct Q;\nfn long() {\n" + "    let _ = 1;\n" * 85 + "}\n",
    })
    expect("no cycle", code == 0 and "no import cycles" in rep, rep)
    expect("long function warned", "fn long is 87 lines" in rep, rep)

    # The deepest existing module file: crate::p::k::Item → p/k.rs, crate::p::Missing → p/mod.rs.
    code, rep = run({
        "lib.rs": "pub mod p;\npub mod r;\n",
        "p/mod.rs": "pub mod k;\nuse crate::r::R;\n",
        "p/k.rs": "pub struct Item;\n",
        "r.rs": "use crate::p::k::Item;\npub struct R;\n",
    })
    expect("a path maps to the deepest module file", code == 0, rep)

    # Module heads: a long first paragraph and a missing head are warned; details after a
    # blank `//!` line are fine.
    code, rep = run({
        "lib.rs": "//! The crate.\npub mod a;\npub mod b;\npub mod c;\n",
        "a.rs": "//! one\n//! two\n//! three\n//! four\npub struct A;\n",
        "b.rs": "pub struct B;\n",
        "c.rs": "//! one\n//! two\n//!\n//! details\n//! more\npub struct C;\n",
    })
    expect("a 4-line head is warned", "src/a.rs:1: module head's first paragraph is 4 lines" in rep, rep)
    expect("a missing head is warned", "src/b.rs:1: has no `//!` module head" in rep, rep)
    expect("details after a blank line are fine", "src/c.rs" not in rep and code == 0, rep)

    # Layers: render/ importing incremental/ fails, even without a cycle; the other way is fine.
    code, rep = run({
        "lib.rs": "pub mod incremental;\npub mod render;\n",
        "render/mod.rs": "pub mod pages;\npub trait Reuse {}\n",
        "render/pages.rs": "fn f() { let _ = crate::incremental::Memo::default(); }\n",
        "incremental/mod.rs": "use crate::render::Reuse;\npub struct Memo;\n",
    })
    expect("render -> incremental is a layer error", code == 1
           and "layer rule: render/ must not import incremental/" in rep
           and "src/render/pages.rs:1 -> src/incremental/mod.rs" in rep, rep)
    code, rep = run({
        "lib.rs": "pub mod incremental;\npub mod render;\n",
        "render/mod.rs": "pub trait Reuse {}\n",
        "incremental/mod.rs": "use crate::render::Reuse;\npub struct Memo;\n",
    })
    expect("incremental -> render is fine", code == 0 and "layer rule" not in rep, rep)

    if failures:
        print("self-test FAILED:\n" + "\n\n".join(failures))
        return 1
    print("self-test passed")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    src = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    return check(os.path.normpath(src))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
