package supamodel

import (
	"github.com/sessionlint/sessionlint/analyzer"
)

// SessionFacts records the sign-outs, credential changes and RPC calls
// of the file for the hardening report. It returns nil when the file has
// none of them.
func (m *Model) SessionFacts() *analyzer.SessionFacts {
	f := &analyzer.SessionFacts{}
	enrols := false
	for _, c := range m.AuthCalls {
		if c.Auth == "mfa.enroll" {
			enrols = true
		}
	}
	for _, c := range m.AuthCalls {
		switch c.Auth {
		case "signOut":
			f.SignOuts = append(f.SignOuts, m.signOutSite(c))
		case "updateUser", "mfa.verify", "mfa.challengeAndVerify", "mfa.unenroll":
			if site, ok := m.credentialSite(c, enrols); ok {
				f.CredentialChanges = append(f.CredentialChanges, site)
			}
		}
	}
	for _, c := range m.Calls {
		if c.Name != "rpc" || len(c.Args) == 0 {
			continue
		}
		name, ok := StringValue(c.Args[0], m.File.Src)
		if !ok || name == "" {
			continue
		}
		site := analyzer.RPCSite{Line: m.line(c), Name: name}
		if u := c.Func.Unit(); u != nil {
			site.Func = u.Name
			site.Handler = u.insideHandler()
		}
		f.RPCs = append(f.RPCs, site)
	}
	if len(f.SignOuts) == 0 && len(f.CredentialChanges) == 0 && len(f.RPCs) == 0 {
		return nil
	}
	return f
}

func (m *Model) line(c *Call) int { return m.File.Lines.Line(int(c.Node.StartByte())) }

func (m *Model) signOutSite(c *Call) analyzer.SignOutSite {
	site := analyzer.SignOutSite{Line: m.line(c)}
	u := c.Func.Unit()
	if u != nil {
		site.Func = u.Name
		site.SignsIn = m.SignsIn(u)
	}
	sc := m.Scope(c)
	if sc.Known && len(sc.Cases) == 1 {
		site.Scope = sc.Cases[0].Value
	}
	site.ClearedBefore = m.ClearedBefore(c) != nil
	if !site.ClearedBefore {
		site.RevokesAll = sc.Revokes("all")
		site.RevokesOthers = sc.Revokes("others")
	}
	site.Eject = m.IsEject(c)
	return site
}

// credentialSite describes a password or email change through
// updateUser, or an MFA enrolment or removal. An MFA verification counts
// only in a file that also enrols a factor; elsewhere it is the second
// step of a sign-in.
func (m *Model) credentialSite(c *Call, enrols bool) (analyzer.CredentialChangeSite, bool) {
	site := analyzer.CredentialChangeSite{Line: m.line(c), Call: c.Auth}
	switch c.Auth {
	case "updateUser":
		if len(c.Args) == 0 {
			return site, false
		}
		email, known := m.HasProperty(c.Args[0], "email")
		if !known {
			return site, false
		}
		password, _ := m.HasProperty(c.Args[0], "password")
		switch {
		case email:
			site.Kind = analyzer.CredentialEmail
		case password:
			site.Kind = analyzer.CredentialPassword
		default:
			return site, false
		}
	case "mfa.verify", "mfa.challengeAndVerify":
		if !enrols {
			return site, false
		}
		site.Kind = analyzer.CredentialMFA
	case "mfa.unenroll":
		site.Kind = analyzer.CredentialMFA
	}
	if u := c.Func.Unit(); u != nil {
		site.Func = u.Name
	}
	site.RevokesOthers = m.SignOutAfter(c, "others") != nil
	for _, o := range m.CallsAfter(c) {
		site.After = append(site.After, o.Name)
	}
	return site, true
}
