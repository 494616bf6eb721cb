"""The README's speed figures are those of the last benchmark run, bench/results.md."""

import re

from conftest import REPO

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _speed_table(readme: str) -> list[list[str]]:
    section = readme[readme.index("## Speed"):]
    table = section[section.index("| measurement | result | target |"):].split("\n\n")[0]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in table.splitlines()[2:]]


def test_readme_speed_figures_come_from_the_last_bench_run():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    results = (REPO / "bench" / "results.md").read_text(encoding="utf-8")
    measured = set(NUMBER.findall(results))
    rows = _speed_table(readme)
    assert len(rows) >= 6
    for measurement, result, _target in rows:
        figures = NUMBER.findall(result)
        assert figures, measurement
        assert set(figures) <= measured, (measurement, set(figures) - measured)
    date = re.search(r"# Benchmark \((\d{4}-\d\d-\d\d)", results).group(1)
    assert f"last run ({date}" in readme


# what the build writes directly in output/ (the rest is output/<doc>/<ll>/…)
OUTPUT_FILES = {"preflight.json", ".build-cache.json", ".build.lock", ".cache", ".preflight-cache.json"}


def test_output_paths_in_the_docs_and_benches_name_the_document():
    """A PDF is output/<doc>/<ll>/<layout>.pdf since the leaflet library; docs/accessibility.md
    and bench/typst_structure.py still named output/en/a4-leaflet.pdf, which no build writes."""
    documents = {path.stem for path in (REPO / "source").glob("*.md")} | {"<doc>", "article", "mini"}
    files = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), *sorted((REPO / "bench").glob("*.py"))]
    wrong = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for first in re.findall(r"""output(?:/|" / ")["']?([A-Za-z0-9_<>.-]+)""", text):
            if first not in documents and first.rstrip(".") not in OUTPUT_FILES:
                wrong.append(f"{path.relative_to(REPO)}: output/{first}")
    assert wrong == []


def test_ci_runs_the_readme_s_install_and_test_commands():
    """README: `.ci/run` installs the same dependencies and runs the test command. It installed
    `-e ".[test]"`, the ranges of pyproject.toml, not the pinned versions of requirements.lock."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The two commands"):readme.index("## Installing")]
    install, test = re.findall(r"^    (python3 .+)$", section, re.M)
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [" ".join(w for w in line.split() if w not in ("--quiet", "--disable-pip-version-check"))
                for line in run.splitlines()]
    assert install.split(" && ")[0] in commands
    assert test in commands
