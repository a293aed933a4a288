// Package credentialchange reports credential changes (a new password or
// email address through auth.updateUser, a completed MFA enrolment) that
// are not followed on the success path by a sign-out that ends the other
// sessions.
//
// Supabase Auth servers from v2.79 (2023) revoke the other sessions'
// refresh tokens on a password change by themselves, but their access
// tokens stay valid until they expire, and older self-hosted servers
// revoke nothing. Email changes and MFA enrolment revoke nothing on any
// version. So a password change is reported at level note and an email
// or MFA change at level warning, through the finding's category.
package credentialchange

import (
	"fmt"
	"reflect"
	"regexp"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// Finding categories.
const (
	CategoryPassword = "password"
	CategoryEmail    = "email"
	CategoryMFA      = "mfa"
)

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Credential change leaves other sessions signed in",
	Why: "When a user changes a credential, the usual reason is that someone else may know the old one. " +
		"Sessions already signed in elsewhere (the attacker's among them) keep working unless the app ends them " +
		"with `signOut({ scope: 'others' })` after the change succeeds.\n\n" +
		"- **password** (level note): Supabase Auth v2.79 and later revoke the refresh tokens of the other sessions " +
		"on a password change by themselves, but access tokens already issued stay valid until they expire (one " +
		"hour by default), and older self-hosted servers revoke nothing. Signing the others out explicitly closes " +
		"both gaps.\n" +
		"- **email** (level warning): an email change revokes nothing on any server version.\n" +
		"- **mfa** (level warning): completing MFA enrolment revokes nothing; other sessions stay at `aal1` and " +
		"keep full access wherever the app does not demand `aal2`.\n\n" +
		"A revoking sign-out counts only on the success path after the change: not in a `catch`, an error " +
		"branch or before the update. Metadata-only updates (`updateUser({ data })`) are not credential changes.",
	Bad: "const { error } = await supabase.auth.updateUser({ email: newEmail });\nif (error) return toast(error.message);\ntoast('Email updated');",
	Good: "const { error } = await supabase.auth.updateUser({ email: newEmail });\nif (error) return toast(error.message);\n" +
		"await supabase.auth.signOut({ scope: 'others' });\ntoast('Email updated');",
	Limits: "Understood: `updateUser` with `password` or `email` written inline, in a bound object, a spread, a " +
		"ternary arm or an object passed by the callers in the same file; `mfa.verify` and `challengeAndVerify` in " +
		"a module that enrols, unless the function is named for a sign-in or checks the assurance level. A " +
		"revoking sign-out counts on the success path after the change: later statements, `.then`, `if (!error)` " +
		"branches, and project functions called afterwards (followed across files). Not understood: `phone` " +
		"changes, `mfa.unenroll` (listed by `-report` instead), and an enrolment verified in a file that does not " +
		"enrol. Projects on a server that revokes by itself on password changes can set the `password` option to false. " +
		"A sign-out done by a function sessionlint cannot resolve is trusted when its name reads as a sign-out",
	Level: analyzer.LevelWarning,
	CategoryLevels: map[string]analyzer.Level{
		CategoryPassword: analyzer.LevelNote,
		CategoryEmail:    analyzer.LevelWarning,
		CategoryMFA:      analyzer.LevelWarning,
	},
	Options:          []config.Option{PasswordOption},
	CWE:              613,
	SecuritySeverity: "5.0",
	Precision:        "high",
	Tags:             []string{"session-management", "credential-change"},
}

// PasswordOption turns the findings of the password category off.
var PasswordOption = config.Option{
	Name: "password",
	Doc: "Report password changes. Projects on Supabase Auth v2.79 or later, which revokes the other sessions' " +
		"refresh tokens on a password change by itself, can set it to false when they accept that access tokens " +
		"already issued stay valid until they expire.",
	Default: true,
}

// Analyzer reports credential changes without a revoking sign-out.
var Analyzer = &analysis.Analyzer{
	Name:       "credentialchange",
	Doc:        "reports password, email and MFA changes not followed by signOut({ scope: 'others' })",
	Requires:   []*analysis.Analyzer{supamodel.Analyzer, supamodel.Summary, config.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*analyzer.Candidates)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[supamodel.Analyzer].(*supamodel.Model)
	if m == nil {
		return (*analyzer.Candidates)(nil), nil
	}
	out := &analyzer.Candidates{}
	reportPassword := config.Of(pass).Bool(pass.Analyzer.Name, PasswordOption)
	enrols := false
	for _, c := range m.AuthCalls {
		if c.Auth == "mfa.enroll" {
			enrols = true
		}
	}
	for _, c := range m.AuthCalls {
		var category string
		switch c.Auth {
		case "updateUser":
			category = credentialCategory(m, c)
		case "mfa.verify", "mfa.challengeAndVerify":
			if enrols && !signInChallenge(m, c) {
				// Without an enrolment in the file this is a sign-in challenge.
				category = CategoryMFA
			}
		}
		if category == "" || (category == CategoryPassword && !reportPassword) {
			continue
		}
		if m.SignOutAfter(c, "others") != nil {
			continue
		}
		u := c.Func.Unit()
		if u != nil && u.Error != nil {
			out.Notices = append(out.Notices, analyzer.Notice{File: m.File.Name, Line: u.Error.Line, Rule: "credentialchange",
				Message: fmt.Sprintf("%s changes a credential but holds a syntax error; not checked for a missing sign-out", supamodel.UnitName(u))})
			continue
		}
		out.Items = append(out.Items, candidate(m, c, category))
	}
	return out, nil
}

var signInNameRE = regexp.MustCompile(`(?i)log[-_]?in|sign[-_]?in|step[-_]?up|aal|second[-_]?factor|authenticate`)

// signInChallenge reports whether an MFA verification is the second step
// of a sign-in rather than the end of an enrolment: its function does not
// enrol, and it is named for a sign-in or checks the assurance level.
func signInChallenge(m *supamodel.Model, c *supamodel.Call) bool {
	u := c.Func.Unit()
	for _, o := range m.AuthCalls {
		if o.Func == nil || o.Func.Unit() != u {
			continue
		}
		switch o.Auth {
		case "mfa.enroll":
			return false
		case "mfa.getAuthenticatorAssuranceLevel", "mfa.listFactors", "signInWithPassword", "signInWithOtp":
			return true
		}
	}
	return u != nil && signInNameRE.MatchString(u.Name)
}

// credentialCategory returns the category of an updateUser call, or ""
// for metadata-only updates and arguments that cannot be read.
func credentialCategory(m *supamodel.Model, c *supamodel.Call) string {
	if len(c.Args) == 0 {
		return ""
	}
	// updateUser(cond ? { email } : { password }): either arm may run.
	if arg := m.Resolve(c.Args[0]); arg != nil && arg.Type() == "ternary_expression" {
		a := categoryOf(m, arg.ChildByFieldName("consequence"))
		b := categoryOf(m, arg.ChildByFieldName("alternative"))
		if a == CategoryEmail || b == CategoryEmail {
			return CategoryEmail
		}
		if a != "" {
			return a
		}
		return b
	}
	return categoryOf(m, c.Args[0])
}

// categoryOf returns the credential an object of updateUser attributes
// changes, or "".
func categoryOf(m *supamodel.Model, obj *sitter.Node) string {
	if obj == nil {
		return ""
	}
	if id := supamodel.Unwrap(obj); id != nil && id.Type() == "identifier" {
		// An object parameter: the objects the callers in this file pass.
		if decls, _ := m.LookupDecls(id, m.File.Text(id)); len(decls) == 0 {
			if args, ok := m.ParamArgs(id, m.File.Text(id)); ok {
				best := ""
				for _, a := range args {
					if c := categoryOf(m, a); c == CategoryEmail || (c != "" && best == "") {
						best = c
					}
				}
				return best
			}
		}
	}
	email, _ := m.HasProperty(obj, "email")
	password, _ := m.HasProperty(obj, "password")
	switch {
	case email:
		return CategoryEmail
	case password:
		// A spread that cannot be read may also set the email, but the
		// password changes either way.
		return CategoryPassword
	}
	return ""
}

func candidate(m *supamodel.Model, c *supamodel.Call, category string) analyzer.Candidate {
	f := m.File
	auth := m.CodeText(c.AuthObj)
	call := m.CodeText(c.Callee)
	var msg string
	switch category {
	case CategoryPassword:
		msg = fmt.Sprintf("%s changes the password but no signOut({ scope: 'others' }) follows on the success path; "+
			"Supabase Auth v2.79+ revokes the other sessions' refresh tokens by itself, yet their access tokens stay "+
			"valid until they expire and older servers revoke nothing; await %s.signOut({ scope: 'others' }) after the update succeeds",
			call, auth)
	case CategoryEmail:
		msg = fmt.Sprintf("%s requests an email address change but no signOut({ scope: 'others' }) follows on the success path, "+
			"so sessions on other devices stay signed in (Supabase Auth revokes nothing on an email change, nor when "+
			"the change is confirmed); await %s.signOut({ scope: 'others' }) after the update succeeds", call, auth)
	default:
		msg = fmt.Sprintf("%s completes MFA enrolment but no signOut({ scope: 'others' }) follows on the success path, "+
			"so sessions on other devices stay signed in at aal1; await %s.signOut({ scope: 'others' }) after verification succeeds",
			call, auth)
	}
	d := analysis.Diagnostic{
		Pos:      f.Pos(c.Node.StartByte()),
		End:      f.Pos(c.Node.EndByte()),
		Category: category,
		Message:  msg,
	}
	if u := c.Func.Unit(); u != nil {
		// Evidence: the function searched for a sign-out, up to its body.
		end := u.Node.EndByte()
		if u.Body != nil {
			end = u.Body.StartByte()
		}
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: f.Pos(u.Node.StartByte()), End: f.Pos(end),
			Message: "no revoking sign-out runs after the change in " + supamodel.UnitName(u) + " or the project functions it calls next",
		})
	}
	if fix, ok := insertFix(m, c, auth); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	var after []string
	for _, o := range m.CallsAfter(c) {
		after = append(after, o.Name)
	}
	keep := func(app *analyzer.App, file *analyzer.FileSummary) bool {
		for _, name := range after {
			callees, ok := app.ResolveCall(file, name)
			if !ok && supamodel.LooksLikeLogout(name) {
				return false // an unseen sign-out helper may revoke
			}
			for _, fn := range callees {
				if supamodel.Effective(app, file, fn, supamodel.TraitRevokesOthers) {
					return false
				}
			}
		}
		return true
	}
	return analyzer.Candidate{Diagnostic: d, Keep: m.KeepIfSupabase(c, keep)}
}
