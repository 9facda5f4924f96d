"""The Textual front of the wizard: screens over :mod:`wizard.engine` and :mod:`wizard.probes`.

Nothing here decides anything: the matcher ranks, the walk moves, the runner probes, the
report renders. This package only shows them and turns keys and clicks into walk moves.
"""
