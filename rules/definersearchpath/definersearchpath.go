// Package definersearchpath reports SECURITY DEFINER functions in
// Supabase migrations that read or delete sessions or refresh tokens
// (auth.sessions, auth.refresh_tokens) without a search_path setting.
//
// Migrations are applied in file-name order, and a later migration may
// fix a function with ALTER FUNCTION ... SET search_path, replace it or
// drop it. The rule therefore decides in the project phase, over every
// migration in the same folder, and reports only the definition that is
// still in force after the last migration.
package definersearchpath

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/sqlscan"
)

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Security definer function on the session tables without a fixed search_path",
	Why: "A `security definer` function runs with the rights of its owner, in Supabase usually `postgres`, which " +
		"may read and delete every row of `auth.sessions` and `auth.refresh_tokens`. Such functions are how apps " +
		"offer \"sign out of all devices\" or cap concurrent sessions. Without `set search_path`, the function " +
		"resolves every unqualified table, function and operator through the caller's search_path, which the " +
		"caller controls (`set search_path`, or a temporary table in `pg_temp`, searched first for tables). A " +
		"caller who can create an object of a matching name runs it with the owner's rights, next to the " +
		"session tables.\n\n" +
		"PostgreSQL's documentation of CREATE FUNCTION (section \"Writing SECURITY DEFINER Functions Safely\") " +
		"asks for a fixed search_path on every such function; Supabase's database linter reports the same as " +
		"`function_search_path_mutable`. `set search_path = ''` with schema-qualified names inside the body is " +
		"the strictest form.",
	Bad: "create function public.sign_out_everywhere() returns void\nlanguage plpgsql security definer\nas $$\nbegin\n" +
		"  delete from auth.sessions where user_id = auth.uid();\nend;\n$$;",
	Good: "create function public.sign_out_everywhere() returns void\nlanguage plpgsql security definer\n" +
		"set search_path = ''\nas $$\nbegin\n  delete from auth.sessions where user_id = auth.uid();\nend;\n$$;",
	Limits: "Only supabase/migrations/*.sql is read, and only functions that name auth.sessions or " +
		"auth.refresh_tokens, directly or in dynamic SQL strings, are checked. Any search_path setting counts, " +
		"including one that lists a schema the caller can write to. Functions created in the hosted dashboard " +
		"are not visible to a repository scan. The suggested fix (`set search_path = ''`) is offered only when " +
		"every table in the body has a schema.",
	Level:            analyzer.LevelWarning,
	CWE:              426,
	SecuritySeverity: "6.5",
	Precision:        "high",
	Tags:             []string{"session-management", "database"},
}

// Analyzer reports SECURITY DEFINER routines on the session tables that
// set no search_path.
var Analyzer = &analysis.Analyzer{
	Name:       "definersearchpath",
	Doc:        "reports security definer functions on auth.sessions or auth.refresh_tokens without set search_path",
	Requires:   []*analysis.Analyzer{sqlscan.Analyzer, sqlscan.Summary},
	Run:        run,
	ResultType: reflect.TypeOf((*analyzer.Candidates)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[sqlscan.Analyzer].(*sqlscan.Result)
	if r.Script == nil {
		return (*analyzer.Candidates)(nil), nil
	}
	f := r.File
	out := &analyzer.Candidates{}
	if e := r.Script.Err; e != nil {
		out.Notices = append(out.Notices, analyzer.Notice{File: f.Name, Line: f.Lines.Line(e.Offset), Rule: "definersearchpath",
			Message: e.Message + "; the statements from here on are not checked"})
	}
	for _, routine := range r.Script.Routines {
		facts := sqlscan.RoutineFacts(f, routine)
		if len(facts.SessionTables) == 0 {
			continue
		}
		d := analysis.Diagnostic{
			Pos: f.Pos(uint32(facts.Start)), End: f.Pos(uint32(facts.End)),
			Message: fmt.Sprintf("%s is security definer and %s, but sets no search_path, so the caller's "+
				"search_path resolves its unqualified names with the owner's rights; add set search_path = '' "+
				"and schema-qualify every name in the body", facts.Key(), access(facts)),
		}
		if facts.Definer && facts.DefinerEnd >= 0 && !facts.SearchPath && facts.QualifiedBody {
			at := f.Pos(uint32(facts.DefinerEnd))
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "fix the search_path of the function",
				TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(setClause(f.Src, facts.DefinerEnd))}},
			}}
		}
		key, start := facts.Key(), facts.Start
		out.Items = append(out.Items, analyzer.Candidate{Diagnostic: d, Keep: func(app *analyzer.App, file *analyzer.FileSummary) bool {
			return unsafeInTheEnd(app, file.File, key, start)
		}})
	}
	return out, nil
}

// access describes what a routine does with the session tables.
func access(r analyzer.SQLRoutine) string {
	tables := strings.Join(r.SessionTables, " and ")
	if r.DeletesSessions {
		return "deletes from " + tables
	}
	return "reads " + tables
}

// setClause returns the SET clause to insert after SECURITY DEFINER, in
// the letter case of those keywords.
func setClause(src []byte, definerEnd int) string {
	kw := string(src[max(0, definerEnd-len("definer")):definerEnd])
	if kw == strings.ToUpper(kw) {
		return " SET search_path = ''"
	}
	return " set search_path = ''"
}

// event is one statement that creates, changes or drops a routine.
type event struct {
	file    string
	offset  int
	routine *analyzer.SQLRoutine
	change  *analyzer.SQLRoutineChange
}

// unsafeInTheEnd replays the migrations of file's folder in file-name
// order and reports whether the definition of key at offset start is
// the one in force at the end, and is then security definer without a
// search_path.
func unsafeInTheEnd(app *analyzer.App, file, key string, start int) bool {
	dir := path.Dir(file)
	var events []event
	for _, f := range app.FilesWithFacts() {
		if f.Session == nil || path.Dir(f.File) != dir {
			continue
		}
		for i := range f.Session.Routines {
			if r := &f.Session.Routines[i]; r.Key() == key {
				events = append(events, event{file: f.File, offset: r.Start, routine: r})
			}
		}
		for i := range f.Session.RoutineChanges {
			if c := &f.Session.RoutineChanges[i]; c.Key() == key {
				events = append(events, event{file: f.File, offset: c.Start, change: c})
			}
		}
	}
	sort.SliceStable(events, func(i, j int) bool {
		if events[i].file != events[j].file {
			return events[i].file < events[j].file
		}
		return events[i].offset < events[j].offset
	})
	var current *event
	definer, searchPath := false, false
	for i := range events {
		e := &events[i]
		switch {
		case e.routine != nil:
			// CREATE OR REPLACE replaces the SET clauses and the security mode too.
			current, definer, searchPath = e, e.routine.Definer, e.routine.SearchPath
		case e.change.Drop:
			current = nil
		default:
			if e.change.SearchPath != 0 {
				searchPath = e.change.SearchPath > 0
			}
			if e.change.Definer != 0 {
				definer = e.change.Definer > 0
			}
		}
	}
	return current != nil && current.file == file && current.offset == start && definer && !searchPath
}
