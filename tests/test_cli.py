"""The command line as a user runs it: exit codes, messages with path:line, nothing lost."""

import re

import pytest

from brochure import cli
from brochure.cli import main

PO = "locales/de/LC_MESSAGES/mini.po"


def _run(project, *args):
    return main(["--project", str(project.root), *args])


# Every command the CLI dispatches to (a cmd_<name> function), so a new command is covered too.
COMMANDS = sorted(name[4:] for name in dir(cli) if name.startswith("cmd_"))


def test_the_command_list_is_the_one_the_parser_offers(capsys):
    assert len(COMMANDS) >= 9
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    listed = re.findall(r"^    (\S+)  ", capsys.readouterr().out, re.M)
    assert sorted(listed) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: make_brochure.py {command} ")
    assert "--help" in out


def test_default_run_builds_every_locale_and_prints_one_line_per_pdf(mini_project, capsys):
    assert _run(mini_project) == 0
    out = capsys.readouterr().out
    assert "output/mini/en/a4-leaflet.pdf  " in out and "output/mini/de/a4-leaflet.pdf  " in out
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").stat().st_size > 1000


def test_second_default_run_changes_no_input_file(mini_project):
    assert _run(mini_project) == 0
    files = sorted(p for p in mini_project.root.rglob("*") if p.is_file() and "output" not in p.parts)
    before = {p: p.read_bytes() for p in files}
    pdf = mini_project.pdf_path("mini", "de", "a4-leaflet").read_bytes()
    assert _run(mini_project) == 0
    assert {p: p.read_bytes() for p in files} == before
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").read_bytes() == pdf


def _break(project, old, new):
    path = project.root / PO
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if new.split("\n")[0] in line)


def test_a_message_without_its_msgctxt_is_named_as_missing_not_by_another_entrys_line(mini_project, capsys):
    """translate-toolkit's po2xliff/xliff2po round trip drops every msgctxt (translate/translate#268).
    The heading is then missing; the build named the line of the translated entry that has the same
    msgid without a context, where the translator finds nothing to do."""
    line = _break(mini_project, 'msgctxt "heading"\nmsgid "First section"', 'msgid "First section"')
    assert _run(mini_project, "build", "--locale", "de") == 1
    err = capsys.readouterr().err
    assert f"line {line + 1}" not in err  # the msgstr of the context-less entry: translated
    assert "1 message(s) untranslated or fuzzy: 'First section' (not in the catalog: `update` adds it)" in err


def test_a_broken_catalog_fails_its_locale_only_and_keeps_the_old_pdf(mini_project, capsys):
    assert _run(mini_project, "build") == 0
    good_pdf = mini_project.pdf_path("mini", "de", "a4-leaflet").read_bytes()
    line = _break(mini_project, '"Erster Abschnitt"', '"Erster <img src=\\"/dev/zero\\"/> Abschnitt"')
    capsys.readouterr()
    assert _run(mini_project, "build") == 1
    err = capsys.readouterr().err
    assert f"{PO}:{line}: error[markup]: markup not allowed in a translation: '<img src=\"/dev/zero\"/>'" in err
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").read_bytes() == good_pdf
    assert mini_project.pdf_path("mini", "en", "a4-leaflet").exists()
    assert not list(mini_project.pdf_path("mini", "de", "a4-leaflet").parent.glob(".*tmp"))


def test_an_output_folder_that_cannot_be_written_fails_its_pdfs_by_name_and_keeps_the_others(mini_project, capsys):
    """A file where the output folder should be (or a full disk, a read-only folder) is the
    user's -o, not a bug: it was 'internal error … please report this', exit 70."""
    blocked = mini_project.pdf_path("mini", "de", "a4-leaflet").parent
    blocked.parent.mkdir(parents=True)
    blocked.write_text("not a folder")
    assert _run(mini_project, "build", "-j", "1") == 1
    err = capsys.readouterr().err
    # named from the project, as every other error names its file (they were absolute paths)
    assert "output/mini/de/a4-leaflet.pdf: cannot write this file: output/mini/de is a file, not a folder" in err
    assert "internal error" not in err and str(mini_project.root) not in err
    assert mini_project.pdf_path("mini", "en", "a4-leaflet").exists()
    outside = mini_project.root / "output-file"
    outside.write_text("not a folder")
    assert main(["--project", str(mini_project.root), "-o", str(outside), "proof"]) == 1
    err = capsys.readouterr().err
    assert "output-file/mini/de/proof.pdf: cannot write this file: output-file is a file, not a folder" in err
    assert "internal error" not in err and str(mini_project.root) not in err
    assert _run(mini_project, "-o", str(outside), "build", "-j", "1") == 1
    err = capsys.readouterr().err
    assert "output-file/.build-cache.json: cannot write this file: output-file is a file, not a folder" in err
    assert str(mini_project.root) not in err


def test_a_catalog_that_cannot_be_written_is_named_from_the_project(mini_project, capsys, monkeypatch):
    import errno
    import os

    def read_only(*args):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "replace", read_only)
    assert _run(mini_project, "update", "--locale", "pt") == 1
    err = capsys.readouterr().err
    assert "locales/pt/LC_MESSAGES/mini.po: cannot write this file: Read-only file system" in err
    assert str(mini_project.root) not in err
    (mini_project.root / "locales" / "mini.pot").unlink()
    assert _run(mini_project, "extract") == 1
    assert "locales/mini.pot: cannot write this file: Read-only file system" in capsys.readouterr().err


def test_a_folder_where_the_template_goes_is_a_write_error_not_an_internal_one(mini_project, capsys):
    # it was "internal error (IsADirectoryError: … at catalogs.py:436)", exit 70
    template = mini_project.root / "locales" / "mini.pot"
    template.unlink()
    template.mkdir()
    assert _run(mini_project, "extract") == 1
    err = capsys.readouterr().err
    assert "locales/mini.pot: cannot write this file: Is a directory" in err and "internal error" not in err


def test_preflight_reports_when_its_memo_cannot_be_kept(mini_project, capsys):
    """A folder of built PDFs the user may not write to (an archive): the memo of earlier
    checks is an optimisation, and failing to keep it failed the whole preflight, with no report."""
    assert _run(mini_project, "build", "-j", "1") == 0
    (mini_project.output_dir / ".preflight-cache.json").mkdir()
    capsys.readouterr()
    report = mini_project.root / "elsewhere" / "preflight.json"
    assert _run(mini_project, "preflight", "-j", "1", "--json", str(report)) == 0
    out = capsys.readouterr().out
    assert "preflight: 2 of 2 PDFs passed" in out
    assert report.exists()


def test_preflight_of_a_project_whose_layout_is_broken_fails_and_says_so(mini_project, capsys):
    """A layout broken after the build: its PDFs cannot be checked against it. It said
    'preflight: 0 of 0 PDFs passed' and wrote a report with "passed": true over the last one."""
    import json

    assert _run(mini_project, "build", "-j", "1") == 0
    layout = mini_project.root / "layouts" / "a4-leaflet.yaml"
    layout.write_text(layout.read_text().replace("  width: 210\n", "  width: [210\n"))
    capsys.readouterr()
    assert _run(mini_project, "preflight", "-j", "1") == 1
    out, err = capsys.readouterr()
    assert "layouts/a4-leaflet.yaml:6: YAML syntax" in err
    assert "0 of 0" not in out + err
    assert "preflight: layouts/a4-leaflet.yaml could not be read; the PDFs of its layout were not checked" in err
    report = json.loads((mini_project.output_dir / "preflight.json").read_text())
    assert report["passed"] is False and report["files"] == []
    assert [(e["path"], e["line"]) for e in report["unreadable"]] == [("layouts/a4-leaflet.yaml", 6)]


def test_a_name_given_twice_counts_once(mini_project, capsys):
    # `preflight --locale de de` checked and reported every file twice (and `build --locale de de`
    # built each PDF twice at once); --layout and --doc the same
    assert _run(mini_project, "build", "-j", "1", "--locale", "de") == 0
    capsys.readouterr()
    assert _run(mini_project, "preflight", "-j", "1", "--locale", "de") == 0
    once = capsys.readouterr().out
    assert _run(mini_project, "preflight", "-j", "1", "--locale", "de", "de", "--layout", "a4-leaflet",
                "a4-leaflet", "--doc", "mini", "mini") == 0
    assert capsys.readouterr().out == once


NAME_LISTS = [(command, f"--{action.dest}")
              for command, sub in cli._parser()._subparsers._group_actions[0].choices.items()
              for action in sub._actions if action.dest in ("locale", "layout", "doc") and action.nargs == "+"]


@pytest.mark.parametrize("command, option", NAME_LISTS)
def test_every_list_of_names_keeps_each_name_once_in_the_order_given(command, option):
    assert len(NAME_LISTS) >= 15
    args = cli._parser().parse_args([command, option, "fr", "de", "fr", "it", "de"])
    assert getattr(args, option.removeprefix("--")) == ["fr", "de", "it"]


@pytest.mark.parametrize("command, option", NAME_LISTS)
def test_a_repeated_option_adds_each_new_name_once(command, option):
    args = cli._parser().parse_args([command, option, "fr", "de", option, "de", "it"])
    assert getattr(args, option.removeprefix("--")) == ["fr", "de", "it"]


def test_a_character_no_font_has_is_refused_before_rendering(mini_project, capsys):
    line = _break(mini_project, '"Erster Abschnitt"', '"Erster Abschnitt \u4e2d"')
    assert _run(mini_project, "build") == 1
    err = capsys.readouterr().err
    # an ideograph's name is its code point: the character is shown, for a translator to search for
    assert f"{PO}:{line}: error[glyphs]: U+4E2D CJK UNIFIED IDEOGRAPH-4E2D (中) is not in NotoSans-Regular.ttf" in err
    assert not mini_project.pdf_path("mini", "de", "a4-leaflet").exists()
    assert mini_project.pdf_path("mini", "en", "a4-leaflet").exists()


def test_a_lost_placeholder_is_refused(mini_project, capsys):
    line = _break(mini_project, '"Seite {page} von {pages}"', '"Seite {page}"')
    assert _run(mini_project, "build", "--locale", "de") == 1
    assert f"{PO}:{line}: error[placeholders]: placeholders {{page}} instead of the source's {{page}}, {{pages}}" \
        in capsys.readouterr().err


def test_fuzzy_is_never_printed_and_fallback_is_explicit(mini_project, capsys):
    _break(mini_project, 'msgctxt "heading"', '#, fuzzy\nmsgctxt "heading"')
    assert _run(mini_project, "build", "--locale", "de") == 1
    err = capsys.readouterr().err
    assert f"{PO}: 96% translated (1 fuzzy, 0 untranslated), below --min-complete 100%; not printed. " \
           "Missing: line 36. Translate them, or build with --fallback-source to print them in the source " \
           "language" in err
    assert _run(mini_project, "build", "--locale", "de", "--min-complete", "90") == 1
    err = capsys.readouterr().err
    assert "1 message(s) untranslated or fuzzy: line 36" in err and "--fallback-source" in err
    assert _run(mini_project, "build", "--locale", "de", "--min-complete", "90", "--fallback-source") == 0
    from pdfread import text

    content = text(mini_project.pdf_path("mini", "de", "a4-leaflet"))
    assert "First section" in content and "Erster Abschnitt" not in content
    assert "Noch nicht übersetzte Passagen sind auf Englisch gedruckt." in content


def test_update_creates_a_new_locale_and_stats_reports_it(mini_project, capsys):
    assert _run(mini_project, "update", "--locale", "pt") == 0
    assert (mini_project.root / "locales/pt/LC_MESSAGES/mini.po").exists()
    assert _run(mini_project, "stats") == 0
    out = capsys.readouterr().out
    assert "pt                  0      0        23      0     0%  ok    not reviewed" in out  # the font column as wide
    assert "de                 23      0         0      0   100%  ok    not reviewed" in out  # as "font", its longest
    assert _run(mini_project, "stats", "--locale", "pt") == 0  # one locale
    out = capsys.readouterr().out
    assert " pt " in out and " de " not in out


def test_stats_names_a_font_file_build_refuses_at_its_fonts_yaml_line(mini_project, capsys):
    # garbage where a font should be: build refuses it at its fonts.yaml line; stats said
    # "fonts.yaml unreadable" with no file or line, and exit 0
    fonts = mini_project.root / "fonts"
    (fonts / "Garbage.ttf").write_bytes(b"<html>not found</html>")
    config = fonts / "fonts.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("    bold: NotoSans-Bold.ttf\n",
                                                                 "    bold: Garbage.ttf\n", 1), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("    bold: Garbage.ttf") + 1
    said = f"fonts/fonts.yaml:{line}: families.sans.bold: Garbage.ttf is not a TrueType font file"
    assert _run(mini_project, "update", "--locale", "pt") == 0  # a second locale in the same script
    assert _run(mini_project, "build", "-j", "1", "--locale", "de") == 1
    assert said in capsys.readouterr().err
    assert _run(mini_project, "stats") == 1
    out, err = capsys.readouterr()
    assert err.count(said) == 1  # once, not once per locale
    assert re.search(r"\bde .* 100%  error +not reviewed", out)
    assert re.search(r"\bpt .* 0%  error +not reviewed", out)


def test_stats_says_missing_glyph_where_the_gate_refuses_the_catalog(mini_project, capsys):
    # the font column said "ok" because the font files open, while build's glyph gate refused the
    # catalog: a Khmer letter in the German catalog is not in Noto Sans
    po = mini_project.root / "locales" / "de" / "LC_MESSAGES" / "mini.po"
    text = po.read_text(encoding="utf-8")
    assert "Menschen" in text
    po.write_text(text.replace("Menschen", "Menschen ក", 1), encoding="utf-8")
    assert _run(mini_project, "update", "--locale", "pt") == 0  # a catalog in the same font, without it
    capsys.readouterr()
    assert _run(mini_project, "stats") == 1
    out, err = capsys.readouterr()
    said = re.findall(r"^locales/de/LC_MESSAGES/mini\.po:\d+: error\[glyphs\]: U\+1780 KHMER LETTER KA "
                      r"is not in NotoSans-Regular\.ttf$", err, re.M)
    assert len(said) == 1  # the first character the gate refuses, as check and build name it
    assert re.search(r"\bde .* 100%  missing glyph +not reviewed", out)
    assert re.search(r"\bpt .* 0%  ok +not reviewed", out)


def test_stats_columns_stay_apart_for_a_script_without_a_font(mini_project, capsys):
    # "none for the Khmr script" filled the 24-character font column and ran into the review:
    # "none for the Khmr script not reviewed"
    assert _run(mini_project, "update", "--locale", "km") == 0
    capsys.readouterr()
    assert _run(mini_project, "stats") == 0
    head, *rows = capsys.readouterr().out.split("\n\n")[0].splitlines()
    (khmer,) = [row for row in rows if " km " in row]
    assert "none for the Khmr script  " in khmer
    for row in rows:  # every review under its heading
        assert row.index("not reviewed") == head.index("review"), row


def test_a_broken_layout_is_reported_with_its_line(mini_project, capsys):
    path = mini_project.root / "layouts" / "a4-leaflet.yaml"
    path.write_text(path.read_text().replace("  inner: 20\n", "  inner: 300\n"))
    assert _run(mini_project, "build") == 1
    assert "layouts/a4-leaflet.yaml:12: margins.inner: 300 mm is wider than the 210 mm page" in capsys.readouterr().err


def test_unknown_layout_name_is_an_error(mini_project, capsys):
    assert _run(mini_project, "build", "--layout", "nope") == 1
    assert "no layout named 'nope'" in capsys.readouterr().err


def test_a_locale_without_a_catalog_says_which_command_creates_it(mini_project, capsys):
    # a new clinic builds (or checks) a locale before starting its catalog
    said = "no catalog for locale 'fr' yet; `update --doc mini --locale fr` creates it"
    assert _run(mini_project, "build", "--locale", "fr", "--layout", "a4-leaflet") == 1
    assert f"locales/fr/LC_MESSAGES/mini.po: {said}" in capsys.readouterr().err
    assert _run(mini_project, "check", "--locale", "fr") == 1
    assert f"locales/fr/LC_MESSAGES/mini.po: error[catalog]: {said}" in capsys.readouterr().out
    assert _run(mini_project, "update", "--doc", "mini", "--locale", "fr") == 0  # what the message says works
    assert _run(mini_project, "build", "--locale", "fr", "--layout", "a4-leaflet", "--fallback-source") == 0
    assert mini_project.pdf_path("mini", "fr", "a4-leaflet").exists()


@pytest.mark.parametrize("typed, canonical", [("DE", "de"), ("De", "de"), ("zh_hans", "zh_Hans"),
                                              ("pt-BR", "pt_BR"), ("PT_br", "pt_BR")])
def test_update_refuses_a_locale_code_not_written_as_gettext_writes_it(mini_project, capsys, typed, canonical):
    # `update --locale DE` created locales/DE/ beside locales/de/ (one folder on a case-insensitive disk)
    assert _run(mini_project, "update", "--locale", typed) == 1
    assert f"'{typed}' is written '{canonical}' in catalog folders; use --locale {canonical}" in capsys.readouterr().err
    assert sorted(p.name for p in (mini_project.root / "locales").iterdir() if p.is_dir()) == ["de"]


def test_a_folder_without_source_says_where_it_looked_and_what_to_do(tmp_path, monkeypatch, capsys):
    # run from the wrong folder: the message said only "source: no article (*.md) in source/"
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path.resolve() / 'source'}: no such folder; run the command in your project folder (the one " \
           "that holds source/), pass --project DIR, or create a project with `init DIR`" in err


def test_options_without_a_command_run_the_default_pipeline(mini_project, monkeypatch, capsys):
    # README: "without a command" is the whole pipeline and "every command has --doc"; `--doc mini`
    # alone was read as an unknown command 'mini'
    monkeypatch.chdir(mini_project.root)
    assert main(["--doc", "mini", "--layout", "a4-leaflet", "--locale", "de"]) == 0
    out = capsys.readouterr().out
    assert "output/mini/de/a4-leaflet.pdf  " in out and "output/mini/en/" not in out
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").exists()
    with pytest.raises(SystemExit) as info:  # the program's own help and version stay where they were
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.startswith("make_brochure.py ")
    with pytest.raises(SystemExit) as info:  # a mistyped command is still named as one
        main(["biuld"])
    assert info.value.code == 2 and "invalid choice: 'biuld'" in capsys.readouterr().err


def test_a_file_of_the_program_is_named_by_its_own_path_not_from_the_project(tmp_path, capsys):
    # a project without fonts/ uses the program's; its fonts.yaml was shown as '../../../work/…/fonts.yaml'
    import shutil

    from brochure.project import packaged

    from conftest import FIXTURES

    shutil.copytree(FIXTURES / "project", tmp_path / "clinic")
    assert main(["--project", str(tmp_path / "clinic"), "update", "--locale", "km"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {packaged('fonts') / 'fonts.yaml'}: locale km is written in the Khmr script" in err
    assert "../" not in err


def test_check_and_proof_name_the_program_s_fonts_yaml_when_the_project_has_none(tmp_path, capsys):
    # a project without fonts/ uses the program's fonts.yaml; check and proof named 'fonts/fonts.yaml',
    # a file the project does not have
    import shutil

    from brochure.project import packaged

    from conftest import FIXTURES

    shutil.copytree(FIXTURES / "project", tmp_path / "clinic")
    root = str(tmp_path / "clinic")
    assert main(["--project", root, "update", "--locale", "km"]) == 0
    capsys.readouterr()
    said = rf"^{re.escape(str(packaged('fonts') / 'fonts.yaml'))}:\d+: .*no entry for script 'Khmr' \(locale km\)"
    assert main(["--project", root, "check", "--locale", "km"]) == 1
    assert re.search(said, capsys.readouterr().out, re.M)
    assert main(["--project", root, "proof", "--locale", "km"]) == 1
    assert re.search(said, capsys.readouterr().err, re.M)


def test_check_files_a_font_or_glossary_error_under_its_own_name_not_catalog(mini_project, capsys):
    # the catalog reads fine: a script without a font, or a broken glossary, was 'error[catalog]'
    assert _run(mini_project, "update", "--locale", "km") == 0
    (mini_project.root / "glossary").mkdir()
    (mini_project.root / "glossary" / "de.csv").write_text("term,required\n", encoding="utf-8")
    capsys.readouterr()
    assert _run(mini_project, "check") == 1
    out = capsys.readouterr().out
    assert re.search(r"^fonts/fonts\.yaml:\d+: error\[fonts\]: no entry for script 'Khmr'", out, re.M)
    assert re.search(r"^glossary/de\.csv:1: error\[glossary\]: the first row must be the columns", out, re.M)
    assert "error[catalog]" not in out


def test_a_broken_glossary_does_not_hide_the_catalogs_own_errors(mini_project, capsys):
    # the glossary is one more check: a broken glossary/de.csv skipped every check of the catalog
    # (a changed number went unreported until the glossary was mended)
    po = mini_project.root / "locales" / "de" / "LC_MESSAGES" / "mini.po"
    po.write_text(po.read_text(encoding="utf-8").replace("von 100.000 Menschen", "von 10.000 Menschen"),
                  encoding="utf-8")
    (mini_project.root / "glossary").mkdir()
    (mini_project.root / "glossary" / "de.csv").write_text("term,required\n", encoding="utf-8")
    assert _run(mini_project, "check", "--locale", "de") == 1
    out = capsys.readouterr().out
    assert re.search(r"^glossary/de\.csv:1: error\[glossary\]: the first row must be the columns", out, re.M)
    assert re.search(r"^locales/de/LC_MESSAGES/mini\.po:\d+: error\[numbers\]: missing 100,000", out, re.M)


def test_a_script_without_a_font_does_not_hide_the_catalogs_own_errors(mini_project, capsys):
    # README: such a catalog "can be translated but not printed until a font is added"; check
    # reported only the missing font and skipped every other check (15 → 16 minutes in a new
    # zh_Hant catalog went unreported)
    assert _run(mini_project, "update", "--locale", "km") == 0
    po = mini_project.root / "locales" / "km" / "LC_MESSAGES" / "mini.po"
    entry = 'msgid "About one in 100,000 people is affected (1.6:1)."\nmsgstr ""'
    assert entry in po.read_text(encoding="utf-8")
    po.write_text(po.read_text(encoding="utf-8").replace(
        entry, entry[:-2] + '"ប្រហែលមួយនាក់ក្នុងចំណោមមនុស្ស 10,000 នាក់ (1.6:1)។"'), encoding="utf-8")
    capsys.readouterr()
    assert _run(mini_project, "check", "--locale", "km") == 1
    out = capsys.readouterr().out
    assert re.search(r"^fonts/fonts\.yaml:\d+: error\[fonts\]: no entry for script 'Khmr'", out, re.M)
    assert re.search(r"^locales/km/LC_MESSAGES/mini\.po:\d+: error\[numbers\]: missing 100,000", out, re.M)
    assert "error[glyphs]" not in out  # no font to look in: the one check that cannot speak


def test_proof_takes_the_family_fonts_yaml_sets_latin_in_whatever_its_name(mini_project, capsys):
    # the proof asked for a family named 'sans' (the shipped fonts.yaml's): any other name was an
    # internal error (KeyError), and without a Latin script it was too
    config = mini_project.root / "fonts" / "fonts.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  sans:\n", "  latin:\n")
                      .replace("{family: sans}", "{family: latin}"), encoding="utf-8")
    assert _run(mini_project, "proof", "--locale", "de") == 0
    assert mini_project.proof_path("mini", "de").exists()
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  Latn: {family: latin}\n", ""), encoding="utf-8")
    capsys.readouterr()
    assert _run(mini_project, "proof", "--locale", "de") == 1
    line = text.splitlines().index("scripts:") + 1
    assert f"fonts/fonts.yaml:{line}: no entry for script 'Latn'" in capsys.readouterr().err


def test_proof_in_a_project_whose_layouts_folder_is_empty_says_so(mini_project, capsys):
    # it was an internal error (IndexError) where build names the folder
    for layout in (mini_project.root / "layouts").glob("*.yaml"):
        layout.unlink()
    assert _run(mini_project, "proof", "--locale", "de") == 1
    err = capsys.readouterr().err
    assert "layouts: no layouts (*.yaml) in layouts/" in err and "internal error" not in err
    assert not mini_project.proof_path("mini", "de").exists()
    assert _run(mini_project, "build", "--locale", "de") == 1  # in build's words
    assert "layouts: no layouts (*.yaml) in layouts/" in capsys.readouterr().err


@pytest.mark.parametrize("option, typed, name, extension", [
    ("--doc", "mini.md", "mini", ".md"), ("--doc", "source/mini.md", "mini", ".md"),
    ("--layout", "a4-leaflet.yaml", "a4-leaflet", ".yaml"), ("--layout", "layouts/a4-leaflet.yaml", "a4-leaflet", ".yaml")])
def test_a_name_given_as_its_file_is_told_to_drop_folder_and_extension(mini_project, capsys, option, typed, name,
                                                                        extension):
    # it was looked up as source/mini.md.md and layouts/a4-leaflet.yaml.yaml, or refused as not a name
    with pytest.raises(SystemExit) as info:
        _run(mini_project, "build", option, typed)
    assert info.value.code == 2
    assert f"argument {option}: '{typed}': give the name alone, without a folder or '{extension}' ({option} {name})" \
        in capsys.readouterr().err


def test_build_help_writes_pdfs_as_the_rest_of_the_help_does(capsys):
    # str.capitalize() lower-cased the rest of the line: "Render pdfs for locales × layouts."
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "\nRender PDFs for locales × layouts.\n" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["build", "all", "watch", "stats", "check", "proof", "preflight", "update"])
def test_a_repeated_locale_or_layout_option_adds_to_the_first(command):
    # `--doc a --doc b` named both documents, but `--locale de --locale fr` silently dropped de
    parser = cli._parser()
    args = parser.parse_args([command, "--locale", "de", "--locale", "fr", "ar", "--doc", "a", "--doc", "b"])
    assert args.locale == ["de", "fr", "ar"] and args.doc == ["a", "b"]
    if command not in ("stats", "check", "update", "proof"):  # proof takes one layout
        args = parser.parse_args([command, "--layout", "a4-leaflet", "--layout", "a5-booklet"])
        assert args.layout == ["a4-leaflet", "a5-booklet"]


def test_the_help_says_what_the_default_run_does(capsys):
    # cmd_all also writes previews and runs the preflight; the help said "extract, update and
    # build", and "from one Markdown article" where a project holds any number of documents
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "from one Markdown article" not in out
    assert "Without a command: extract, update, build (with previews) and preflight everything." in out
    assert "all extract, update, build (with previews) and preflight (the default)" in out


def test_the_source_language_gets_no_catalog_and_is_built_once(mini_project, capsys):
    # `update --locale en` made locales/en/…/mini.po (stats: 0 % done) and build then listed en twice
    assert _run(mini_project, "update", "--locale", "en", "de") == 1
    captured = capsys.readouterr()
    assert "source/mini.md: 'en' is the language mini is written in; the source needs no catalog" in captured.err
    assert "locales/de/LC_MESSAGES/mini.po: " in captured.out  # the other locale is still updated
    assert not (mini_project.root / "locales" / "en").exists()
    english = mini_project.root / "locales" / "en" / "LC_MESSAGES" / "mini.po"  # made by hand or before
    english.parent.mkdir(parents=True)
    english.write_bytes((mini_project.root / PO).read_bytes().replace(b'"Language: de\\n"', b'"Language: en\\n"'))
    assert _run(mini_project, "build", "--layout", "a4-leaflet", "-j", "1") == 0
    out = capsys.readouterr().out
    assert out.count("output/mini/en/a4-leaflet.pdf") == 1, out


def test_one_broken_article_fails_alone(mini_project, capsys):
    """A second article with an unclosed '**': extract, update and build stopped at it, and no
    other document's template, catalogs or PDFs were made. Now its error is reported once per
    step, with its line, the other documents go on, and the exit code says failure."""
    source = mini_project.root / "source"
    text = (source / "mini.md").read_text(encoding="utf-8")
    (source / "broken.md").write_text(text.replace("with **bold** and", "with **bold and"), encoding="utf-8")
    line = text.split("\n").index("A paragraph with **bold** and *italic* words.") + 1
    error = f"source/broken.md:{line}: inline markup: '**' is opened but never closed"
    template = mini_project.root / "locales" / "mini.pot"
    template.unlink()
    for step in (["extract"], ["update"], ["build", "--layout", "a4-leaflet"]):
        assert main(["--project", str(mini_project.root), *step]) == 1, step
        out = capsys.readouterr()
        assert out.err.count(error) == 1, (step, out.err)
    assert template.exists()
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").exists()
    assert "broken    en      a4-leaflet      -  FAILED" in out.out


def test_sigterm_ends_a_command_as_ctrl_c_does(mini_project):
    """A CI timeout or `docker stop` sends SIGTERM: Python died at once, silently (exit 143 from
    the shell), and a file being written stayed behind as a hidden temporary file. Now the
    command ends as on Ctrl-C (atomic writes remove their temporary file) and says so."""
    import signal
    import subprocess
    import sys

    script = ("import sys, time\n"
              "from brochure import api, cli\n"
              "def slow(*a, **k):\n"
              "    print('ready', flush=True)\n"
              "    time.sleep(60)\n"
              "api.build = slow\n"
              f"sys.exit(cli.main(['--project', {str(mini_project.root)!r}, 'build']))\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"ready"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == 128 + signal.SIGTERM
    assert b"stopped (SIGTERM); files are written whole or not at all" in err
    assert b"Traceback" not in err


def test_a_leaflet_whose_catalog_is_gone_is_named_as_left_over(mini_project, capsys):
    """A translation withdrawn (its catalog deleted): the next build built English only and said
    nothing, and the old German leaflet stayed in output/, to be published with the folder."""
    import shutil

    root = str(mini_project.root)
    assert main(["--project", root, "build", "--layout", "a4-leaflet"]) == 0
    assert main(["--project", root, "build", "--layout", "a4-leaflet", "--locale", "en"]) == 0
    assert "left from an earlier build" not in capsys.readouterr().err  # a narrowed build: de is still made
    shutil.rmtree(mini_project.root / "locales" / "de")
    assert main(["--project", root, "build", "--layout", "a4-leaflet"]) == 0
    assert ("warning: output/mini/de/a4-leaflet.pdf is left from an earlier build: its document, catalog or "
            "layout is gone; delete it before publishing the folder") in capsys.readouterr().err


def test_a_folder_named_like_a_layout_is_not_a_layout(mini_project, capsys):
    """`layouts/x.yaml/` (a folder): listed as a layout, every build failed on it, and
    `--layout x` said "no layout named 'x' (have: …, x)"."""
    layouts = mini_project.layouts_dir
    (layouts / "extra.yaml").mkdir()
    assert "extra" not in mini_project.layouts()
    assert main(["--project", str(mini_project.root), "build", "--layout", "extra"]) == 1
    err = capsys.readouterr().err
    assert "no layout named 'extra'" in err and ", extra)" not in err


def test_check_names_a_source_character_the_font_lacks_as_build_does(mini_project, capsys):
    """'≤ 4 g' in the article: check said '0 error(s)', then build refused the source edition."""
    source = mini_project.root / "source" / "mini.md"
    source.write_text(source.read_text(encoding="utf-8").replace("*italic* words.", "*italic* words, ≤ 4 g."),
                      encoding="utf-8")
    assert _run(mini_project, "check", "--locale", "en") == 1
    out = capsys.readouterr().out
    assert re.search(r"^source/mini\.md:14: error\[glyphs\]: U\+2264 LESS-THAN OR EQUAL TO is not in "
                     r"NotoSans-Regular\.ttf$", out, re.M)
    assert _run(mini_project, "build", "--locale", "en", "--layout", "a4-leaflet") == 1
    assert "source/mini.md:14: U+2264 LESS-THAN OR EQUAL TO is not in NotoSans-Regular.ttf" in capsys.readouterr().err
