package directive_test

import (
	"testing"

	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules"
)

// TestFixtures runs every rule over fixtures/directive, whose files mark
// the findings that directives silence with want-suppressed, and the
// malformed, unknown and stale directives with want.
func TestFixtures(t *testing.T) {
	analyzertest.Run(t, "../../fixtures/directive", rules.All())
}
