"""Aggregate: matches and attributions into the tables users ask for, one module per
command (track, compare, kwic, engagements)."""
