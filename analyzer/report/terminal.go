package report

// EscapeTerminal returns s with the characters a terminal could act on
// replaced by visible escapes, as the text writer does for paths and
// messages, for other text that goes to a terminal, such as error
// messages that quote a path.
func EscapeTerminal(s string) string {
	return escapeTerminal(s, false)
}
