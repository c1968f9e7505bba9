"""What the rules and the editor features derive from a parsed document: sections, status, cross-document matching, suppressions, fixes."""
