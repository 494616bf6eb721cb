"""fonts/tools/build_fonts.py: a clinic adding a script the project does not ship merges a Noto
script font with Noto Sans's Latin as the shipped families are made (README, "A language whose
script has no font"). Run on the shipped fonts, so that no Debian font package is needed."""

import importlib.util

from fontTools.ttLib import TTFont

from conftest import REPO


def _tool(monkeypatch, out):
    spec = importlib.util.spec_from_file_location("build_fonts", REPO / "fonts" / "tools" / "build_fonts.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    monkeypatch.setattr(tool, "NOTO", REPO / "fonts")  # NotoSans-{Regular,Bold}.ttf are here
    monkeypatch.setattr(tool, "OUT", out)
    return tool


def test_a_new_family_is_merged_from_a_named_script_font(monkeypatch, tmp_path, capsys):
    tool = _tool(monkeypatch, tmp_path)
    assert tool.main(["BrochureTest=BrochureTamil"]) == 0
    for weight in ("Regular", "Bold"):
        face = TTFont(tmp_path / f"BrochureTest-{weight}.ttf")
        assert face["name"].getDebugName(1) == "BrochureTest"
        cmap = face.getBestCmap()
        assert ord("A") in cmap and ord("1") in cmap and 0x0B95 in cmap  # Latin, digits, TAMIL KA


def test_a_new_family_needs_its_own_name_and_an_existing_font(monkeypatch, tmp_path, capsys):
    tool = _tool(monkeypatch, tmp_path)
    assert tool.main(["NotoSansTamil=BrochureTamil"]) == 2
    assert "needs a name of its own" in capsys.readouterr().err
    assert tool.main(["BrochureKhmer=NotoSansKhmer"]) == 2
    assert f"NotoSansKhmer-Regular.ttf, NotoSansKhmer-Bold.ttf not in {REPO / 'fonts'}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
