"""The pure core of the wizard: no Textual, no network, no machine access.

Modules:
    errors      the exception tree
    text        localised texts (English and Simplified Chinese)
    model       frozen dataclasses of the decision tree and of probe calls/results
    probe_specs the catalogue of probes the tree may name (their arguments and outcomes)
    loader      YAML files -> Tree, with file and line for every node
    validate    every check of `tree validate`
    reference   the image reference grammar (distribution/reference)
    facts       fact names, their validation and derivation (registry -> host, port ...)
    matcher     pasted text -> ranked start nodes, suspects, facts
    walk        the state machine of one diagnosis
    render      command templates -> shell-quoted commands
    redact      secrets out of every text that leaves the process
    report      a walk as JSON, text or Markdown
"""
