"""The indicators of the bilan, one module per part of the indicator table of
docs/spec/bilan-indicators.md: `park` (structures, park, management modes, dwellings entered and
left), `households` (households present and entered), `exits` (durations, destinations,
categorisation schemes, losses). Each adds its figures, in the order of the spec, to a `Figures`."""
