package main

import (
	"flag"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer/report"
)

// formatGitHub is the -format value for GitHub Actions workflow commands.
const formatGitHub = "github"

// checkCodeScanningOptions validates -sarif-category and
// -sarif-include-suppressed.
func checkCodeScanningOptions(opts *options, fs *flag.FlagSet) error {
	for _, name := range []string{"sarif-category", "sarif-include-suppressed"} {
		if isFlagSet(fs, name) && opts.format != formatSARIF {
			return newUsageError("-%s applies to -format sarif only, but the format is %s", name, opts.format)
		}
	}
	if !isFlagSet(fs, "sarif-category") {
		return nil
	}
	category := strings.TrimSpace(opts.sarifCategory)
	if category == "" || strings.Trim(category, "/") == "" {
		return newUsageError("-sarif-category needs a name such as sessionlint/apps/web")
	}
	return nil
}

// sarifOptions returns the options of the SARIF writer for a scan.
func sarifOptions(opts *options) report.SARIFOptions {
	return report.SARIFOptions{
		Version:           version,
		InformationURI:    informationURI,
		HelpBaseURI:       helpBaseURI,
		Category:          opts.sarifCategory,
		IncludeSuppressed: opts.sarifIncludeSuppressed,
	}
}
