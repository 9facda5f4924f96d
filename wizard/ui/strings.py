"""Every text the interface shows, in one place, looked up by key and language.

Tree texts (titles, explanations, options) come from the tree in the language asked;
these are the interface's own words. English is complete; a language without a text for
a key falls back to English, so a translation can arrive one key at a time.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.ui.strings_zh import ZH

EN: Mapping[str, str] = {
    # app-wide
    "app.title": "registry-wizard",
    "app.subtitle": "why did the push fail?",
    "key.quit": "Quit",
    "key.help": "Help",
    "key.theme": "Theme",
    "key.back": "Back",
    "key.browse": "Browse",
    "key.search": "Search",
    "key.details": "Details",
    "key.start": "Diagnose",
    "key.triage": "Triage",
    "key.pick": "Pick",
    "key.copy": "Copy all",
    "key.verify": "Verify",
    "key.export": "Export",
    "key.platform": "Platform",
    "key.close": "Close",
    "key.palette": "palette",
    # paste screen
    "paste.title": "Paste the error text",
    "paste.truncated": "[… the first {size} of the log are not shown here; the whole log is matched …]",
    "paste.intro": (
        "Paste what the failed push printed (the whole log is fine), optionally the "
        "registry and image, then press ctrl+s. Without text, the wizard starts from the "
        "registry itself."
    ),
    "paste.registry": "Registry (host[:port], optional)",
    "paste.image": "Image reference (optional)",
    "paste.start": "Diagnose (ctrl+s)",
    "paste.browse": "Browse the tree (ctrl+b)",
    "paste.matched": "Recognised: {title} ({category})",
    "paste.unmatched": "Nothing known recognised yet: the general triage will start.",
    "paste.bad_fact": "{field}: {error}",
    "paste.need_input": "Paste an error text, or give at least the registry.",
    "paste.no_registry": "No registry address in the text: fill in the Registry field so the live checks can run.",
    # candidates screen
    "cand.title": "Which of these is it?",
    "cand.intro": (
        "The text matches several known failures. Pick the closest (1-9 or enter), or "
        "press t to start the general triage."
    ),
    "cand.evidence": "Matched in your text",
    "cand.facts": "Facts found",
    "cand.no_facts": "(none)",
    "cand.triage": "None of these: start the general triage",
    # node screen
    "node.probes": "Checks",
    "node.path": "Path so far",
    "node.path_empty": "The pasted text points straight at this cause: no probe or question was needed.",
    "node.facts": "Facts",
    "node.question_keys": "Press 1-{n} or click an answer.",
    "node.waiting": "running {probe} …",
    "node.missing": "cannot run {probe}: {facts} not known",
    "node.auto": "answered from the facts: {label}",
    "probe.pass": "pass",
    "probe.fail": "fail",
    "probe.unknown": "unknown",
    "probe.running": "running",
    # solution screen
    "sol.diagnosis": "Diagnosis",
    "sol.why": "Why",
    "sol.fix": "Fix",
    "sol.copy": "Copy",
    "sol.copied": "Copied to the clipboard ({how}).",
    "sol.copied_osc": "Sent to the terminal's clipboard (OSC 52). If nothing arrived, select the text on screen.",
    "sol.no_commands": "No commands for this platform.",
    "sol.verify": "Verify the fix (v)",
    "sol.export": "Export report (e)",
    "sol.verify_none": "This solution has no verify checks; push again to confirm.",
    "sol.verify_running": "Checking whether the fix worked …",
    "sol.verify_ok": "Fixed: every check gives the expected answer.",
    "sol.verify_bad": "Not fixed yet: {n} check(s) still fail.",
    "sol.verify_unknown": "Could not tell: {n} check(s) gave no answer.",
    "sol.exported": "Report written to {path}",
    "sol.export_failed": "Could not write the report: {error}",
    "sol.platform": "Platform",
    # browse screen
    "browse.title": "Browse the decision tree",
    "browse.hint": "Pick a node on the left; / or ctrl+p searches titles, explanations and examples.",
    "browse.kind": "Kind",
    "kind.question": "question",
    "kind.probe": "probe",
    "kind.solution": "solution",
    "browse.category": "Category",
    "browse.question": "Question",
    "browse.options": "Answers",
    "browse.probe": "Probe",
    "browse.branches": "Outcomes",
    "browse.commands": "Commands",
    "browse.verify": "Verify",
    "browse.examples": "Examples",
    "browse.source": "source",
    "browse.file": "Defined in",
    "browse.lab": "Try it in the lab",
    "browse.lab_hint": "Start a real, broken registry on this machine (loopback only), break the push, fix it:",
    "search.open": "Open {title}",
    "search.help": "Open this node in the browser",
    # help dialog
    "help.title": "Help",
    "help.intro": (
        "registry-wizard finds out why a container image push fails. Paste the error, and "
        "it matches known failures, runs live checks (DNS, TCP, TLS, the registry API, "
        "credentials, daemon settings) and asks only what the checks cannot decide. It ends "
        "at a diagnosis with the commands that fix it."
    ),
    "help.keys": "Keys on this screen",
    "help.mouse": "The mouse works everywhere: click answers, buttons and tree entries; drag to select text.",
}

CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": EN, "zh": ZH}
"""Interface texts per language: English here, Chinese in :mod:`wizard.ui.strings_zh`."""


def _(key: str, lang: str = "en", **values: object) -> str:
    """The interface text ``key`` in ``lang`` (English when missing), formatted.

    Args:
        key: a key of :data:`EN`.
        lang: language code.
        **values: fields for ``str.format``.

    Returns:
        The text; the key itself when no catalogue has it (a visible bug, never a crash).
    """
    text = CATALOGUES.get(lang, {}).get(key) or EN.get(key) or key
    return text.format(**values) if values else text
