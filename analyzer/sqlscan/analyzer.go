// Package sqlscan is the building-block analyzer for Supabase SQL
// migrations (supabase/migrations/*.sql). tree-sitter's SQL grammar
// rejects `set search_path`, `alter function ... set` and PL/pgSQL, and
// the exact Postgres parser (libpg_query through cgo) would add minutes
// to every build, so this package reads migrations with its own lexer:
// it follows the Postgres rules for comments, string constants, quoted
// identifiers and dollar quoting exactly, splits statements at top-level
// semicolons, and recognises the few statements the rules need.
//
// The parse pass (tsparse) gives a SQL file a File without a tree, so
// positions, lines and notices work as for every other file. Analyzer
// scans that text; Summary records what the project phase needs in the
// file summary: routines, routine changes and triggers, in file order.
package sqlscan

import (
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// Result is the result of Analyzer: the file and its scan, both nil for
// files that are not SQL.
type Result struct {
	File   *tsparse.File
	Script *Script
}

// Analyzer scans the SQL migration of the pass.
var Analyzer = &analysis.Analyzer{
	Name:       "sqlscan",
	Doc:        "scans a SQL migration for routines, routine changes and triggers",
	Requires:   []*analysis.Analyzer{tsparse.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	f := pass.ResultOf[tsparse.Analyzer].(*tsparse.Result).File
	if f == nil || f.Lang != tsparse.LangSQL {
		return &Result{}, nil
	}
	return &Result{File: f, Script: Scan(string(f.Src))}, nil
}

// Summary records the routines, routine changes and triggers of a SQL
// migration in its file summary.
var Summary = &analysis.Analyzer{
	Name:       "sqlsummary",
	Doc:        "summarises the routines, routine changes and triggers of a SQL migration",
	Requires:   []*analysis.Analyzer{Analyzer},
	Run:        runSummary,
	ResultType: reflect.TypeOf((*analyzer.FileSummary)(nil)),
}

func runSummary(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[Analyzer].(*Result)
	if r.Script == nil {
		return (*analyzer.FileSummary)(nil), nil
	}
	return Summarize(r.File, r.Script), nil
}

// DefaultSchema is the schema of an unqualified name: the first schema
// of the default search_path of a Supabase database.
const DefaultSchema = "public"

// Summarize converts a scan into file-summary facts.
func Summarize(f *tsparse.File, s *Script) *analyzer.FileSummary {
	facts := &analyzer.SessionFacts{}
	for _, r := range s.Routines {
		facts.Routines = append(facts.Routines, RoutineFacts(f, r))
	}
	for _, c := range s.Changes {
		facts.RoutineChanges = append(facts.RoutineChanges, analyzer.SQLRoutineChange{
			Schema: schemaOf(c.Name), Name: c.Name.Name, Line: f.Lines.Line(c.Name.Start), Start: c.Name.Start,
			Drop: c.Drop, SearchPath: c.SearchPath, Definer: c.Definer,
		})
	}
	for _, t := range s.Triggers {
		facts.Triggers = append(facts.Triggers, analyzer.SQLTrigger{
			Name: t.Name, Line: f.Lines.Line(t.Start), Table: Key(t.Table), Events: t.Events, Function: Key(t.Function),
		})
	}
	return &analyzer.FileSummary{File: f.Name, Session: facts}
}

// RoutineFacts describes one routine of a file.
func RoutineFacts(f *tsparse.File, r *Routine) analyzer.SQLRoutine {
	body := Facts(r.Body)
	return analyzer.SQLRoutine{
		Schema: schemaOf(r.Name), Name: r.Name.Name,
		Line: f.Lines.Line(r.Name.Start), Start: r.Name.Start, End: r.Name.End,
		Definer: r.Definer, DefinerEnd: r.DefinerEnd, SearchPath: r.Sets("search_path"),
		QualifiedBody: body.Qualified, ReturnsTrigger: r.ReturnsTrigger,
		SessionTables: body.SessionTables, DeletesSessions: body.DeletesSessions,
		DeletesOwnSessions: body.DeletesOwnSessions, KeepsCurrentSession: body.KeepsCurrentSession,
		CountsAndRaises: body.CountsAndRaises,
	}
}

func schemaOf(q QualifiedName) string {
	if q.Schema == "" {
		return DefaultSchema
	}
	return q.Schema
}

// Key returns schema.name of a name, with the default schema for an
// unqualified one, or "" for an empty name.
func Key(q QualifiedName) string {
	if q.Name == "" {
		return ""
	}
	return schemaOf(q) + "." + q.Name
}
