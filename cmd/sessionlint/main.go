// Command sessionlint reports session-handling mistakes in frontends that
// use Supabase Auth.
//
//	sessionlint [flags] [path ...]
//
// It scans the named files and folders (the current folder by default)
// and writes its findings as text, JSON or SARIF 2.1.0. Run
// "sessionlint -h" for the flags and exit statuses, "sessionlint -list"
// for the rules and "sessionlint -explain RULE" for the documentation of
// one rule.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/report"
	"github.com/sessionlint/sessionlint/rules"
)

// version is the release version; builds override it with
// -ldflags "-X main.version=...".
var version = "0.1.0"

// Exit statuses.
const (
	exitClean    = 0 // no findings
	exitFindings = 1 // at least one finding
	exitError    = 2 // usage error, failed scan or incomplete scan
)

// Links written to the SARIF output.
const (
	informationURI = "https://github.com/sessionlint/sessionlint"
	helpBaseURI    = "https://github.com/sessionlint/sessionlint/blob/main/docs/rules.md"
)

// The output formats that -format accepts.
const (
	formatText  = "text"
	formatJSON  = "json"
	formatSARIF = "sarif"
)

// defaultParseTimeout bounds the parse of one file. Tree-sitter parses
// ordinary source files in milliseconds, so the limit only stops files
// that are pathological for the parser, such as large generated bundles.
const defaultParseTimeout = 10 * time.Second

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the parsed command-line flags and arguments.
type options struct {
	format       string
	outputFile   string
	jobs         int
	includeTests bool
	list         bool
	explain      string
	version      bool
	parseTimeout time.Duration
	paths        []string

	// Input limits: -max-file-size and -max-line-length (limits.go).
	maxFileSize   byteSize
	maxLineLength int

	// Adoption and fixes: -baseline, -write-baseline, -fail-level, -fix,
	// -diff and -stdin-filename.
	baseline      string
	writeBaseline string
	failLevel     string
	fix           bool
	diff          bool
	stdinFilename string

	// GitHub code scanning: -sarif-category and -sarif-include-suppressed.
	sarifCategory          string
	sarifIncludeSuppressed bool

	// report adds the session hardening report (-report).
	report bool

	// Configuration and suppressions: -config, -init and
	// -show-suppressed (configcmd.go).
	configFile     string
	init           bool
	showSuppressed bool

	// Speed: -no-prefilter, -cache-dir, -no-cache and -stats (perf.go).
	noPrefilter bool
	cacheDir    string
	noCache     bool
	stats       bool
}

// usageError is the error for an invalid command line. run prints it, unless the flag
// package has printed it already, with a hint to run "sessionlint -h".
type usageError struct {
	message string
	printed bool
}

func (e *usageError) Error() string { return e.message }

func newUsageError(format string, args ...any) error {
	return &usageError{message: fmt.Sprintf(format, args...)}
}

// run is the whole command: it parses args, runs the request and returns
// the exit status. Results go to stdout (or the -o file), everything else
// to stderr.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseArgs(args, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		var usage *usageError
		if !errors.As(err, &usage) || !usage.printed {
			printError(stderr, err)
		}
		fmt.Fprintln(stderr, "Run 'sessionlint -h' for the list of flags.")
		return exitError
	}

	switch {
	case opts.version:
		fmt.Fprintf(stdout, "sessionlint %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return exitClean
	case opts.list:
		return reportWriteError(listRules(stdout, rules.All()), stderr)
	case opts.init:
		return initConfig(opts, stderr)
	case opts.explain != "":
		rule, ok := findRule(rules.All(), opts.explain)
		if !ok {
			fmt.Fprintf(stderr, "sessionlint: unknown rule %q for -explain. Known rules: %s\n",
				opts.explain, strings.Join(ruleNames(rules.All()), ", "))
			return exitError
		}
		return reportWriteError(explainRule(stdout, rule), stderr)
	}
	return scan(opts, stdout, stderr)
}

// reportWriteError prints err, if any, and returns the exit status for it.
func reportWriteError(err error, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintf(stderr, "sessionlint: write output: %v\n", err)
		return exitError
	}
	return exitClean
}

// parseArgs parses the command line. It returns flag.ErrHelp after
// printing the usage text for -h, and a *usageError for an invalid
// command line.
func parseArgs(args []string, stdout, stderr io.Writer) (*options, error) {
	opts := &options{}
	fs := newFlagSet(opts, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout)
			return nil, err
		}
		// The flag package has printed the error to stderr already.
		return nil, &usageError{message: err.Error(), printed: true}
	}
	opts.paths = fs.Args()

	if err := checkOptions(opts, args, fs); err != nil {
		return nil, err
	}
	return opts, nil
}

// newFlagSet defines the flags, which store their values in opts. The
// usage text is printUsage, which lists each flag by hand with its unit.
func newFlagSet(opts *options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("sessionlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// The flag package calls Usage on -h and after each parse error.
	// parseArgs prints the full text for -h only, so that a typo in a flag
	// does not bury its error message under the usage text.
	fs.Usage = func() {}

	fs.StringVar(&opts.format, "format", formatText, "")
	fs.StringVar(&opts.outputFile, "o", "", "")
	fs.IntVar(&opts.jobs, "j", runtime.NumCPU(), "")
	fs.BoolVar(&opts.includeTests, "tests", false, "")
	fs.BoolVar(&opts.list, "list", false, "")
	fs.StringVar(&opts.explain, "explain", "", "")
	fs.BoolVar(&opts.version, "version", false, "")
	fs.DurationVar(&opts.parseTimeout, "parse-timeout", defaultParseTimeout, "")
	fs.StringVar(&opts.baseline, "baseline", "", "")
	fs.StringVar(&opts.writeBaseline, "write-baseline", "", "")
	fs.StringVar(&opts.failLevel, "fail-level", string(analyzer.LevelNote), "")
	fs.BoolVar(&opts.fix, "fix", false, "")
	fs.BoolVar(&opts.diff, "diff", false, "")
	fs.StringVar(&opts.stdinFilename, "stdin-filename", "", "")
	fs.StringVar(&opts.sarifCategory, "sarif-category", "", "")
	fs.BoolVar(&opts.sarifIncludeSuppressed, "sarif-include-suppressed", false, "")
	fs.BoolVar(&opts.report, "report", false, "")
	addSpeedFlags(fs, opts)
	addInputFlags(fs, opts)
	addConfigFlags(fs, opts)
	return fs
}

// checkOptions validates the flag values and their combinations.
func checkOptions(opts *options, args []string, fs *flag.FlagSet) error {
	switch opts.format {
	case formatText, formatJSON, formatSARIF, formatGitHub:
	default:
		return newUsageError("invalid -format %q: use text, json, sarif or github", opts.format)
	}
	if opts.jobs < 1 {
		return newUsageError("invalid -j %d: the number of workers must be at least 1", opts.jobs)
	}
	if opts.parseTimeout < 0 {
		return newUsageError("invalid -parse-timeout %s: use a positive duration such as 10s, or 0 for no limit", opts.parseTimeout)
	}
	if err := checkInputOptions(opts); err != nil {
		return err
	}

	if opts.explain == "" && isFlagSet(fs, "explain") {
		return newUsageError("-explain needs a rule name (run sessionlint -list for the rules)")
	}
	if err := checkAdoptionOptions(opts, fs); err != nil {
		return err
	}
	if err := checkCodeScanningOptions(opts, fs); err != nil {
		return err
	}
	if err := checkReportOptions(opts); err != nil {
		return err
	}

	// The flag package stops at the first argument that is not a flag, so
	// "sessionlint src -format json" would scan a path named "-format".
	// A path that starts with "-" is accepted only after "--".
	consumed := len(args) - len(opts.paths)
	afterTerminator := consumed > 0 && args[consumed-1] == "--"
	if !afterTerminator {
		for _, p := range opts.paths {
			if len(p) > 1 && strings.HasPrefix(p, "-") {
				return newUsageError("flag %s after the paths: put every flag before the first path, or write -- before a path that starts with \"-\"", p)
			}
		}
	}

	var modes []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "list", "explain", "version", "init":
			if f.Value.String() != "false" {
				modes = append(modes, "-"+f.Name)
			}
		}
	})
	if len(modes) > 1 {
		return newUsageError("%s cannot be combined: use one at a time", strings.Join(modes, " and "))
	}
	if len(modes) == 1 {
		if len(opts.paths) > 0 {
			return newUsageError("%s takes no paths, but %q was given", modes[0], opts.paths[0])
		}
		if opts.outputFile != "" {
			return newUsageError("-o applies to scan results only, not to %s", modes[0])
		}
	}
	return nil
}

func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// printUsage writes the help text for -h.
func printUsage(w io.Writer) {
	fmt.Fprintf(w, `Usage: sessionlint [flags] [path ...]

sessionlint reports session-handling mistakes in frontends that use
Supabase Auth. It scans the named files and folders, "." by default,
including the supabase/config.toml files it finds. Folders and files that
.gitignore excludes are skipped, and so are dependency and build folders
such as node_modules and dist.

Flags:
  -format FORMAT
        output format: text, json, sarif, or github for GitHub Actions
        annotations (default text)
  -o FILE
        write the results to FILE instead of stdout; FILE is replaced only
        once the whole report is written
  -sarif-category NAME
        analysis category written to the SARIF automationDetails.id; GitHub
        code scanning replaces the alerts of an earlier upload with the
        same category (default sessionlint)
  -sarif-include-suppressed
        write findings silenced by a sessionlint-ignore comment to the
        SARIF output, marked as suppressed in source with the reason
  -j N
        number of files analysed in parallel (default: the number of CPUs,
        %d on this machine)
  -tests
        also scan test code: *.test.*, *.spec.* and *.stories.* files and
        folders such as __tests__, __mocks__, test, tests and e2e
  -parse-timeout DURATION
        maximum time to parse one file, such as 500ms, 10s or 1m; a file
        that takes longer is skipped with a notice and the scan is
        incomplete; 0 means no limit (default %s)
  -max-file-size SIZE
        skip files larger than SIZE bytes with a notice; a unit such as
        KiB, MiB, KB or MB may follow the number; 0 means no limit
        (default 2MiB)
  -max-line-length N
        skip files with a line longer than N bytes with a notice, as
        minified or generated code; 0 means no limit (default %d)
  -no-prefilter
        parse every script file; by default a file that contains none of
        the words the rules look for (such as signOut or localStorage) is
        not parsed unless the project phase needs it, which gives the same
        findings faster
  -cache-dir DIR
        folder of the cache of file summaries, so that a scan of named
        files, such as a pre-commit hook's, parses only the files that
        changed since an earlier run; runs may share it (default: the
        folder sessionlint in the user cache directory, such as
        ~/.cache/sessionlint on Linux)
  -no-cache
        neither read nor write the cache
  -stats
        print on stderr how many files were found, parsed, skipped by the
        prefilter and taken from the cache, and name the files the
        project phase parsed on demand
  -report
        write the session hardening report: the five properties of
        hardened session handling, each present, partial, missing or not
        determinable, with evidence; text format prints the report instead
        of the findings, json adds a "hardening" member and sarif a run
        property
  -fail-level LEVEL
        the lowest level that makes the exit status 1: error, warning or
        note (default note, so every finding counts); findings below it are
        still written
  -baseline FILE
        report only findings that are not in FILE, the JSON or SARIF output
        of an earlier scan (see -write-baseline); findings are matched by
        rule, file, flagged code and enclosing function, so edits elsewhere
        in a file keep them matched
  -write-baseline FILE
        record every current finding in FILE (SARIF when FILE ends in
        .sarif, else JSON) and report none of them
  -fix
        apply the suggested fixes to the files, then report the findings
        that remain; fixes that overlap or would leave a syntax error are
        not applied and are listed on stderr
  -diff
        print the suggested fixes as a unified diff instead of the
        findings, and change no file
  -stdin-filename PATH
        read the file PATH from stdin instead of the disk, for editors that
        lint unsaved buffers; the buffer is judged with the rest of its app
        and only its findings are reported
  -config FILE
        read the configuration from FILE for every scanned file, instead
        of the nearest .sessionlint.yaml at or above each file; its
        exclude patterns are relative to the repository root
  -init
        write a commented starter .sessionlint.yaml to the current folder
        (or to the -config FILE); an existing file is never replaced
  -show-suppressed
        also write the findings that a sessionlint-ignore comment
        silences, marked as suppressed with the reason, in text and json
        format; they never change the exit status
  -list
        list the rules: name, default level and title
  -explain RULE
        print the documentation of RULE: levels, CWE, why it matters,
        examples and known limits
  -version
        print the version and exit
  -h
        print this help and exit

Output:
  Findings go to stdout (or the -o file), one per line in text format:
  path:line:column: message (rule). Columns count UTF-16 code units, as
  editors and SARIF do. When stdout is a terminal, the source line is
  shown under each finding. Notices about the scan itself and, in text
  format, a one-line summary go to stderr.

Exit status:
  0  no findings at or above -fail-level
  1  at least one finding at or above -fail-level
  2  usage error, a scan that could not run, or an incomplete scan (a file
     that could not be read or parsed in time, or a rule that failed);
     the findings of the files that were analysed are still written
`, runtime.NumCPU(), defaultParseTimeout, analyzer.DefaultMaxLineLength)
}

// scan runs the analysis and writes its results.
func scan(opts *options, stdout, stderr io.Writer) int {
	if opts.outputFile != "" {
		if err := checkOutputFile(opts.outputFile); err != nil {
			printError(stderr, err)
			return exitError
		}
	}

	prep, err := prepareScan(opts)
	if err != nil {
		printError(stderr, err)
		return exitError
	}

	res, err := analyzer.Run(analyzer.Config{
		Paths:         scanPaths(opts),
		Rules:         rules.All(),
		Jobs:          opts.jobs,
		IncludeTests:  opts.includeTests,
		ParseTimeout:  opts.parseTimeout,
		MaxFileSize:   int64(opts.maxFileSize),
		MaxLineLength: opts.maxLineLength,
		Overlay:       prep.overlay,
		Facts:         reportFacts(opts),
		NoPrefilter:   opts.noPrefilter,
		CacheDir:      cacheDir(opts),
		Queries:       reportQueries(opts),
		ConfigFile:    opts.configFile,
	})
	if err != nil {
		printError(stderr, err)
		return exitError
	}
	if opts.stats {
		printStats(stderr, res)
	}

	after, finishErr := finishScan(opts, res, prep, stderr)
	status := exitClean
	if failingFindings(res, analyzer.Level(opts.failLevel)) > 0 {
		status = exitFindings
	}
	incomplete := hasIncompleteNotice(res)
	if incomplete || finishErr != nil {
		status = exitError
	}
	if finishErr != nil {
		printError(stderr, finishErr)
	}

	if err := writeOutput(opts, res, after.plan, stdout); err != nil {
		printError(stderr, err)
		status = exitError
	}
	if err := report.Notices(stderr, res); err != nil {
		status = exitError
	}
	if opts.format == formatText {
		fmt.Fprintln(stderr, summary(res, incomplete)+after.describe(opts))
	}
	return status
}

// writeResults writes res in the requested format to the -o file, or to
// stdout when no file is named.
func writeResults(opts *options, res *analyzer.Result, stdout io.Writer) error {
	write := func(w io.Writer, terminal bool) error {
		return formatOutput(w, opts, res, terminal)
	}
	if opts.outputFile != "" {
		if err := writeFileAtomic(opts.outputFile, func(w io.Writer) error { return write(w, false) }); err != nil {
			return fmt.Errorf("write results to %s: %w", opts.outputFile, err)
		}
		return nil
	}
	if err := write(stdout, isTerminal(stdout)); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

// formatResults writes res to w in one format. The source lines are
// added to text output only for a terminal, so that redirected output
// keeps one finding per line.
func formatResults(w io.Writer, format string, res *analyzer.Result, terminal bool) error {
	return formatOutput(w, &options{format: format}, res, terminal)
}

// formatOutput writes res to w in the format and with the output flags
// of opts.
func formatOutput(w io.Writer, opts *options, res *analyzer.Result, terminal bool) error {
	switch opts.format {
	case formatJSON:
		return report.JSON(w, res, report.JSONOptions{Version: version, Root: displayRoot(res.Root), Hardening: hardeningReport(opts, res),
			ShowSuppressed: opts.showSuppressed})
	case formatSARIF:
		sarifOpts := sarifOptions(opts)
		sarifOpts.Hardening = hardeningReport(opts, res)
		return report.SARIF(w, res, sarifOpts)
	case formatGitHub:
		return report.GitHub(w, res, report.GitHubOptions{})
	default:
		if opts.report {
			return report.HardeningText(w, hardeningReport(opts, res))
		}
		return report.Text(w, res, report.TextOptions{ShowSource: terminal, ShowSuppressed: opts.showSuppressed})
	}
}

// displayRoot returns the repository root relative to the working
// directory, the folder that the file paths of the results are relative
// to, or "" when there is no relative path to it.
func displayRoot(root string) string {
	cwd, err := os.Getwd()
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(cwd, root)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

// isTerminal reports whether w is a character device such as a terminal.
//
// NOTE: golang.org/x/term is not in the module graph, so this checks the
// file mode only. /dev/null is a character device too, which is harmless
// because nothing reads what it receives.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func hasIncompleteNotice(res *analyzer.Result) bool {
	for _, n := range res.Notices {
		if n.Incomplete {
			return true
		}
	}
	return false
}

// summary returns the one-line summary of a scan, such as
// "3 findings in 20 files".
func summary(res *analyzer.Result, incomplete bool) string {
	suppressed := res.Suppressed()
	line := fmt.Sprintf("%s in %s", plural(len(res.Findings)-suppressed, "finding"), plural(res.FilesScanned, "file"))
	if suppressed > 0 {
		line += fmt.Sprintf(" (%d suppressed)", suppressed)
	}
	if incomplete {
		line += "; the scan is incomplete, see the notices above"
	}
	return line
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
