package refreshrotation_test

import (
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules/refreshrotation"
)

func TestFixtures(t *testing.T) {
	analyzertest.Run(t, "../../fixtures/refreshrotation",
		[]analyzer.Rule{{Analyzer: refreshrotation.Analyzer, Doc: refreshrotation.Doc}})
}
