"""The data every layer shares: text positions, findings, the parsed document, settings and tiers."""
