package supamodel_test

import (
	"testing"

	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules"
)

// TestModelFixtures runs every rule over fixtures that exercise the
// project model: module resolution, re-exports and client bindings.
func TestModelFixtures(t *testing.T) {
	analyzertest.Run(t, "../../fixtures/model", rules.All())
}
