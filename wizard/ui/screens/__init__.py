"""The wizard's screens: paste, candidates, walk (node), solution, browse."""
