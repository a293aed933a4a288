// Package hardening evaluates a whole scan against the five properties
// of hardened Supabase session handling, for `sessionlint -report`:
//
//  1. the logout revokes every session;
//  2. credential changes revoke the other sessions;
//  3. the settings offer "sign out of all devices";
//  4. a trigger or an equivalent caps concurrent sessions;
//  5. refresh-token rotation is on, its reuse interval is at most 10
//     seconds, and the browser keeps the session in one storage.
//
// Each property is present, partial, missing or not determinable from the
// repository, with the file and line that show it. The evaluation reads
// only the scan result: the findings of the rules (a finding is the
// evidence of a missing property) and the linked file summaries of every
// app (their session facts are the evidence of a present one). The
// database and the auth settings are read across the whole scan, because
// supabase/ usually sits beside the apps rather than inside one.
package hardening

import (
	"fmt"
	"path"
	"regexp"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/authconfig"
	"github.com/sessionlint/sessionlint/analyzer/sqlscan"
	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// Analyzers are the building blocks whose file summaries the report
// reads. Pass them as analyzer.Config.Facts, so that they run even when
// the rules that need them are disabled.
var Analyzers = []*analysis.Analyzer{supamodel.Summary, sqlscan.Summary, authconfig.Summary}

// Status is how far the repository shows a property.
type Status string

// The statuses of a property.
const (
	Present         Status = "present"
	Partial         Status = "partial"
	Missing         Status = "missing"
	NotDeterminable Status = "not-determinable"
)

// Text returns the status as the text report writes it.
func (s Status) Text() string {
	if s == NotDeterminable {
		return "not determinable"
	}
	return string(s)
}

// The property identifiers, stable across versions.
const (
	IDLogout           = "logout-revokes-all"
	IDCredentialChange = "credential-change-revokes-others"
	IDSignOutAll       = "sign-out-all-devices"
	IDSessionCap       = "session-cap"
	IDRotation         = "refresh-token-rotation"
)

// Evidence is one place that shows a property or its absence.
type Evidence struct {
	File string `json:"file"`
	// Line is 0 when the evidence is a whole file.
	Line int    `json:"line,omitempty"`
	Note string `json:"note"`
	// Missing marks evidence of what is wrong, rather than of what is in place.
	Missing bool `json:"missing"`
}

// Property is one line of the report.
type Property struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Status   Status     `json:"status"`
	Evidence []Evidence `json:"evidence"`
	// Advice is what to add or check, empty when the property is present.
	Advice string `json:"advice,omitempty"`
}

// Report is the hardening report of one scan.
type Report struct {
	Properties []Property `json:"properties"`
	// Lifetime lists the session lifetime settings ([auth.sessions]
	// timebox and inactivity_timeout), which are reported here and never
	// as findings.
	Lifetime []Evidence `json:"lifetime"`
}

// Counts returns how many properties have each status.
func (r *Report) Counts() map[Status]int {
	out := map[Status]int{}
	for _, p := range r.Properties {
		out[p.Status]++
	}
	return out
}

// Evaluate builds the report of a scan.
func Evaluate(res *analyzer.Result) *Report {
	s := newScan(res)
	r := &Report{
		Properties: []Property{s.logout(), s.credentialChanges(), s.signOutAll(), s.sessionCap(), s.rotation()},
		Lifetime:   s.lifetime(),
	}
	for i := range r.Properties {
		ev := r.Properties[i].Evidence
		if ev == nil {
			ev = []Evidence{}
		}
		// Gaps first, so that a shortened list still shows them.
		sort.SliceStable(ev, func(a, b int) bool { return ev[a].Missing && !ev[b].Missing })
		r.Properties[i].Evidence = ev
	}
	return r
}

// scan indexes the result for the five evaluations.
type scan struct {
	res *analyzer.Result
	// findings groups the findings by rule.
	findings map[string][]analyzer.Finding
	// ran holds the names of the rules that ran.
	ran map[string]bool
}

func newScan(res *analyzer.Result) *scan {
	s := &scan{res: res, findings: map[string][]analyzer.Finding{}, ran: map[string]bool{}}
	for _, f := range res.Findings {
		s.findings[f.Rule] = append(s.findings[f.Rule], f)
	}
	for _, r := range res.Rules {
		if r.Analyzer != nil {
			s.ran[r.Name()] = true
		}
	}
	return s
}

// files calls fn for every file summary with session facts, in app and
// path order.
func (s *scan) files(fn func(app *analyzer.App, f *analyzer.FileSummary)) {
	for _, app := range s.res.Apps {
		for _, f := range app.SortedFiles() {
			if f.Session != nil {
				fn(app, f)
			}
		}
	}
}

// findingEvidence turns the findings of the named rules into evidence of
// a missing property. A suppressed finding still counts, and its note
// marks it as suppressed.
func (s *scan) findingEvidence(note func(analyzer.Finding) string, rules ...string) []Evidence {
	var out []Evidence
	for _, r := range rules {
		for _, f := range s.findings[r] {
			text := note(f)
			if f.Suppression != nil {
				text += ", suppressed in the source"
			}
			out = append(out, Evidence{File: f.File, Line: f.Start.Line, Note: text, Missing: true})
		}
	}
	sortEvidence(out)
	return out
}

// status combines evidence of what is in place with evidence of what is
// missing.
func status(present, missing int) Status {
	switch {
	case present > 0 && missing > 0:
		return Partial
	case missing > 0:
		return Missing
	case present > 0:
		return Present
	}
	return NotDeterminable
}

// concat returns a new slice with the elements of a, then of b.
func concat(a, b []Evidence) []Evidence {
	out := make([]Evidence, 0, len(a)+len(b))
	out = append(out, a...)
	return append(out, b...)
}

func sortEvidence(ev []Evidence) {
	sort.SliceStable(ev, func(i, j int) bool {
		if ev[i].File != ev[j].File {
			return ev[i].File < ev[j].File
		}
		return ev[i].Line < ev[j].Line
	})
}

func funcName(name string) string {
	if name == "" {
		return "an anonymous function"
	}
	return name + "()"
}

func (s *scan) logout() Property {
	p := Property{ID: IDLogout, Title: "Logout revokes every session"}
	missing := s.findingEvidence(func(f analyzer.Finding) string {
		if f.Rule == "clientonlylogout" {
			return "the logout clears browser storage but revokes nothing (clientonlylogout)"
		}
		return "the logout signs out of this device only (localscopelogout)"
	}, "clientonlylogout", "localscopelogout")
	reported := map[string]bool{}
	for _, e := range missing {
		reported[fmt.Sprintf("%s:%d", e.File, e.Line)] = true
	}
	s.files(func(_ *analyzer.App, f *analyzer.FileSummary) {
		for _, so := range f.Session.SignOuts {
			// localscopelogout stays silent while the app offers a revoking
			// sign-out elsewhere, but this logout still ends one session only.
			if so.Scope == "local" && !so.Eject && !so.SignsIn && !reported[fmt.Sprintf("%s:%d", f.File, so.Line)] {
				missing = append(missing, Evidence{File: f.File, Line: so.Line, Missing: true,
					Note: "signOut({ scope: 'local' }) in " + funcName(so.Func) + " ends this device's session only"})
			}
		}
	})
	sortEvidence(missing)
	var present []Evidence
	for _, app := range s.res.Apps {
		present = append(present, revokingLogouts(app)...)
	}
	if len(present) == 0 && len(missing) == 0 {
		// No handler runs a sign-out: a sign-out page or a server action
		// still shows the scope the app uses.
		s.files(func(_ *analyzer.App, f *analyzer.FileSummary) {
			for _, so := range f.Session.SignOuts {
				if so.RevokesAll && !so.Eject && !so.SignsIn {
					present = append(present, Evidence{File: f.File, Line: so.Line, Note: "signOut() in " + funcName(so.Func) + " ends every session"})
				}
			}
		})
	}
	p.Status = status(len(present), len(missing))
	p.Evidence = concat(present, missing)
	if p.Status == NotDeterminable {
		p.Evidence = s.unseenRevokingRPCs()
	}
	switch p.Status {
	case Missing, Partial:
		p.Advice = "Call supabase.auth.signOut() (scope 'global', the default) in every logout, before any storage is cleared."
	case NotDeterminable:
		p.Advice = "No auth.signOut call was found. If the logout runs in a server route or a database function, check there that it revokes every session of the user."
	}
	return p
}

// revokingLogouts returns the sign-outs of the app that the user can run
// and that end every session, as supamodel.OffersRevokingSignOut judges
// them, leaving out sign-outs that follow a credential change. Functions
// named as a logout come first.
func revokingLogouts(app *analyzer.App) []Evidence {
	var named, other []Evidence
	for _, f := range app.SortedFiles() {
		changes := map[string]bool{}
		if f.Session != nil {
			for _, c := range f.Session.CredentialChanges {
				changes[c.Func] = true
			}
		}
		for i := range f.Funcs {
			fn := &f.Funcs[i]
			if fn.HasTrait(supamodel.TraitEject) || fn.HasTrait(supamodel.TraitSignsIn) || changes[fn.Name] ||
				!supamodel.Effective(app, f, fn, supamodel.TraitRevokesAll) {
				continue
			}
			reached := fn.Handler || fn.HasTrait(supamodel.TraitLogoutRoute) || (fn.Exposed && fn.Name != "" && app.HandlerReaches(fn.Name))
			if !reached {
				continue
			}
			e := Evidence{File: f.File, Line: signOutLine(f, fn), Note: funcName(fn.Name) + " signs out with a global scope, which ends every session"}
			if supamodel.LooksLikeLogout(fn.Name) {
				named = append(named, e)
			} else {
				other = append(other, e)
			}
		}
	}
	return append(named, other...)
}

// signOutLine returns the line of the revoking sign-out inside fn, or the
// line of fn when the sign-out is in a function it calls.
func signOutLine(f *analyzer.FileSummary, fn *analyzer.FuncFacts) int {
	if f.Session != nil {
		for _, so := range f.Session.SignOuts {
			if so.Func == fn.Name && so.RevokesAll {
				return so.Line
			}
		}
	}
	return fn.Line
}

func (s *scan) credentialChanges() Property {
	p := Property{ID: IDCredentialChange, Title: "Credential changes revoke the other sessions"}
	if !s.ran["credentialchange"] {
		p.Status = NotDeterminable
		p.Advice = "Enable the credentialchange rule to evaluate this property."
		return p
	}
	missing := s.findingEvidence(func(f analyzer.Finding) string {
		return f.Category + " change without signOut({ scope: 'others' }) (credentialchange)"
	}, "credentialchange")
	flagged := map[string]bool{}
	for _, e := range missing {
		flagged[fmt.Sprintf("%s:%d", e.File, e.Line)] = true
	}
	var present []Evidence
	s.files(func(app *analyzer.App, f *analyzer.FileSummary) {
		for _, c := range f.Session.CredentialChanges {
			switch {
			case flagged[fmt.Sprintf("%s:%d", f.File, c.Line)]:
			case revokesAfter(app, f, c):
				present = append(present, Evidence{File: f.File, Line: c.Line,
					Note: fmt.Sprintf("%s change in %s is followed by a sign-out of the other sessions", c.Kind, funcName(c.Func))})
			case c.Call == "mfa.unenroll":
				// NOTE: credentialchange does not check factor removal, so
				// the report judges it from the facts alone.
				missing = append(missing, Evidence{File: f.File, Line: c.Line, Missing: true,
					Note: "MFA factor removed in " + funcName(c.Func) + " without a sign-out of the other sessions"})
			}
		}
	})
	sortEvidence(present)
	sortEvidence(missing)
	p.Status = status(len(present), len(missing))
	p.Evidence = concat(present, missing)
	switch p.Status {
	case Missing, Partial:
		p.Advice = "After each password, email or MFA change succeeds, call supabase.auth.signOut({ scope: 'others' })."
	case NotDeterminable:
		p.Advice = "No password, email or MFA change was found. If another service or the hosted UI changes credentials, check that it revokes the other sessions."
	}
	return p
}

// revokesAfter reports whether a credential change is followed by a
// sign-out of the other sessions, in its function or in a project
// function called after it.
func revokesAfter(app *analyzer.App, f *analyzer.FileSummary, c analyzer.CredentialChangeSite) bool {
	if c.RevokesOthers {
		return true
	}
	for _, name := range c.After {
		callees, _ := app.ResolveCall(f, name)
		for _, fn := range callees {
			owner := app.Owner(fn)
			if owner == nil {
				owner = f
			}
			if supamodel.Effective(app, owner, fn, supamodel.TraitRevokesOthers) {
				return true
			}
		}
	}
	return false
}

// settingsPathRE matches the files of settings and account pages.
var settingsPathRE = regexp.MustCompile(`(?i)setting|account|security|profile|preference`)

// accountDeletionRE matches the files and functions of an account
// deletion, whose closing sign-out is not a "sign out of all devices"
// action although it sits on an account page.
var accountDeletionRE = regexp.MustCompile(`(?i)delet|deactivat|close[-_]?account`)

// revokingRPCRE and sessionRPCRE match the names of database functions
// that read as revoking sessions, such as delete_sessions_by_id.
var (
	revokingRPCRE = regexp.MustCompile(`(?i)delete|revoke|sign_?out|log_?out|kill|terminate|remove|purge|end_`)
	sessionRPCRE  = regexp.MustCompile(`(?i)session|refresh_?token|device`)
)

// unseenRevokingRPCs returns the rpc() calls of functions whose names read
// as revoking sessions but that no migration of the scan defines.
func (s *scan) unseenRevokingRPCs() []Evidence {
	routines := s.routines()
	known := map[string]bool{}
	for _, r := range routines {
		known[r.Routine.Name] = true
	}
	var out []Evidence
	s.files(func(_ *analyzer.App, f *analyzer.FileSummary) {
		for _, rpc := range f.Session.RPCs {
			if known[rpc.Name] || !revokingRPCRE.MatchString(rpc.Name) || !sessionRPCRE.MatchString(rpc.Name) {
				continue
			}
			out = append(out, Evidence{File: f.File, Line: rpc.Line,
				Note: fmt.Sprintf("rpc('%s') in %s may revoke sessions, but its body is not in the repository", rpc.Name, funcName(rpc.Func))})
		}
	})
	sortEvidence(out)
	return out
}

func (s *scan) signOutAll() Property {
	p := Property{ID: IDSignOutAll, Title: `Settings offer "sign out of all devices"`}
	routines := s.ownSessionRoutines()
	var present, partial []Evidence
	called := map[string]bool{}
	clientAuth := false
	settingsPages := 0
	for _, app := range s.res.Apps {
		for _, f := range app.SortedFiles() {
			if f.Client && len(f.Funcs) > 0 && settingsPathRE.MatchString(f.File) {
				settingsPages++
			}
		}
	}
	s.files(func(_ *analyzer.App, f *analyzer.FileSummary) {
		changes := map[string]bool{}
		for _, c := range f.Session.CredentialChanges {
			changes[c.Func] = true
		}
		if len(f.Session.SignOuts) > 0 || len(f.Session.CredentialChanges) > 0 {
			clientAuth = true
		}
		for _, so := range f.Session.SignOuts {
			if !so.RevokesOthers || so.Eject || so.SignsIn || changes[so.Func] {
				continue
			}
			offered := !accountDeletionRE.MatchString(f.File) && !accountDeletionRE.MatchString(so.Func)
			switch {
			case settingsPathRE.MatchString(f.File) && offered:
				present = append(present, Evidence{File: f.File, Line: so.Line,
					Note: fmt.Sprintf("signOut() with scope '%s' in %s on a settings page", so.Scope, funcName(so.Func))})
			case so.Scope == "others":
				partial = append(partial, Evidence{File: f.File, Line: so.Line,
					Note: "signOut({ scope: 'others' }) in " + funcName(so.Func) + ", outside a settings page"})
			}
		}
		for _, rpc := range f.Session.RPCs {
			r, ok := routines[rpc.Name]
			if !ok {
				continue
			}
			called[rpc.Name] = true
			present = append(present, Evidence{File: f.File, Line: rpc.Line,
				Note: fmt.Sprintf("rpc('%s') calls %s, which deletes the caller's sessions (%s:%d)", rpc.Name, r.Routine.Key(), r.File, r.Routine.Line)})
		}
	})
	partial = append(partial, s.unseenRevokingRPCs()...)
	for _, name := range sortedKeys(routines) {
		if r := routines[name]; !called[name] {
			partial = append(partial, Evidence{File: r.File, Line: r.Routine.Line,
				Note: r.Routine.Key() + " deletes the caller's sessions, but no rpc() call of the app runs it"})
		}
	}
	sortEvidence(present)
	sortEvidence(partial)
	switch {
	case len(present) > 0:
		p.Status = Present
	case len(partial) > 0:
		p.Status = Partial
	case clientAuth || len(s.sqlFiles()) > 0:
		p.Status = Missing
		note := "no settings page (judged by its path) and no rpc() call of a function that deletes the caller's sessions"
		if settingsPages > 0 {
			note = fmt.Sprintf("%d settings files (judged by their path) without a sign-out of the other sessions, and no rpc() call of a function that deletes the caller's sessions", settingsPages)
		}
		partial = []Evidence{{Missing: true, Note: note}}
	default:
		p.Status = NotDeterminable
	}
	p.Evidence = concat(present, partial)
	switch p.Status {
	case Missing, Partial:
		p.Advice = "Add a \"sign out of all devices\" button to the settings page that calls supabase.auth.signOut({ scope: 'global' }), or { scope: 'others' } to keep this device signed in."
	case NotDeterminable:
		p.Advice = "No Supabase auth calls were found in the scanned code; check the settings page of the app that signs users in."
	}
	return p
}

// routines returns the last definition of every routine in the scan by
// schema-qualified name, in migration order, without dropped ones.
func (s *scan) routines() map[string]analyzer.LocatedRoutine {
	var files []*analyzer.FileSummary
	s.files(func(_ *analyzer.App, f *analyzer.FileSummary) { files = append(files, f) })
	return analyzer.LiveRoutines(files)
}

// ownSessionRoutines returns the routines that delete the caller's own
// sessions, by the bare name an rpc() call uses.
func (s *scan) ownSessionRoutines() map[string]analyzer.LocatedRoutine {
	return analyzer.OwnSessionRoutines(s.routines())
}

// sqlFiles returns the migrations of the scan.
func (s *scan) sqlFiles() []string {
	var out []string
	s.files(func(_ *analyzer.App, f *analyzer.FileSummary) {
		if f.Session.Routines != nil || f.Session.RoutineChanges != nil || f.Session.Triggers != nil || isSQL(f.File) {
			out = append(out, f.File)
		}
	})
	return out
}

func isSQL(name string) bool { return len(name) > 4 && name[len(name)-4:] == ".sql" }

func (s *scan) sessionCap() Property {
	p := Property{ID: IDSessionCap, Title: "Concurrent sessions are capped"}
	routines := s.routines()
	var present, partial []Evidence
	s.files(func(_ *analyzer.App, f *analyzer.FileSummary) {
		for _, t := range f.Session.Triggers {
			if t.Table != "auth.sessions" || !contains(t.Events, "insert") {
				continue
			}
			r, ok := routines[t.Function]
			switch {
			case !ok:
				partial = append(partial, Evidence{File: f.File, Line: t.Line,
					Note: fmt.Sprintf("trigger %s on auth.sessions runs %s, which the migrations do not define", t.Name, t.Function)})
			case r.Routine.DeletesSessions || r.Routine.CountsAndRaises:
				effect := "deletes the oldest sessions"
				if !r.Routine.DeletesSessions {
					effect = "rejects a session over the limit"
				}
				present = append(present, Evidence{File: f.File, Line: t.Line,
					Note: fmt.Sprintf("trigger %s on auth.sessions runs %s, which %s (%s:%d)", t.Name, t.Function, effect, r.File, r.Routine.Line)})
			default:
				partial = append(partial, Evidence{File: f.File, Line: t.Line,
					Note: fmt.Sprintf("trigger %s on auth.sessions runs %s, which neither deletes nor rejects sessions", t.Name, t.Function)})
			}
		}
	})
	sortEvidence(present)
	sortEvidence(partial)
	switch {
	case len(present) > 0:
		p.Status = Present
	case len(partial) > 0:
		p.Status = Partial
	case len(s.sqlFiles()) > 0:
		p.Status = Missing
		for _, dir := range migrationDirs(s.sqlFiles()) {
			partial = append(partial, Evidence{File: dir.name, Missing: true,
				Note: migrationCount(dir.count) + ", none creates an insert trigger on auth.sessions"})
		}
	default:
		p.Status = NotDeterminable
	}
	p.Evidence = concat(present, partial)
	switch p.Status {
	case Missing, Partial:
		p.Advice = "Add an AFTER INSERT trigger on auth.sessions whose security definer function (with set search_path = '') deletes the user's oldest sessions beyond the limit, or use the hosted project's single-session-per-user setting."
	case NotDeterminable:
		p.Advice = "No supabase/migrations in the repository: check the hosted database for a trigger on auth.sessions, or the single-session-per-user setting."
	}
	return p
}

// folderCount is a folder with the number of files in it.
type folderCount struct {
	name  string
	count int
}

// migrationDirs groups migration files by folder, in path order.
func migrationDirs(files []string) []folderCount {
	var out []folderCount
	for _, f := range files {
		dir := path.Dir(f)
		if n := len(out); n > 0 && out[n-1].name == dir {
			out[n-1].count++
			continue
		}
		out = append(out, folderCount{name: dir, count: 1})
	}
	return out
}

func migrationCount(n int) string {
	if n == 1 {
		return "1 migration file"
	}
	return fmt.Sprintf("%d migration files", n)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
