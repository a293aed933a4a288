package supamodel

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// The configuration can name where an app keeps its Supabase client when
// the code does not show it: modules whose exports are clients (or the
// auth object of one, when imported under the name auth), and variable
// names that hold a client. Without a configuration the model relies on
// the code alone.

// noteClientModule records the bindings of an import statement whose
// module the configuration lists under clients.modules: a binding of
// the export auth is a Supabase auth object, any other binding a client.
func (m *Model) noteClientModule(stmt *sitter.Node, spec string) {
	if !m.settings.IsClientModule(spec) {
		return
	}
	for local, imp := range m.Imports {
		if imp.Source != spec {
			continue
		}
		if imp.Imported == "auth" {
			m.authAliases[local] = stmt
			m.configAuth[local] = true
		} else {
			m.configClients[local] = true
		}
	}
}

// isConfiguredClient reports whether an expression refers to a client
// the configuration names: a listed variable, or a binding imported from
// a listed module.
func (m *Model) isConfiguredClient(expr string) bool {
	root, _, _ := strings.Cut(strings.TrimSpace(expr), ".")
	return m.configClients[strings.TrimSuffix(root, "()")] || m.settings.IsClientName(expr)
}

// looksLikeClient reports whether an expression reads as a Supabase
// client: by its name, or because the configuration lists it.
func (m *Model) looksLikeClient(text string) bool {
	return clientTextRE.MatchString(text) || m.isConfiguredClient(text)
}

// classifyConfiguredAuth marks a call such as sbAuth.signOut() whose
// receiver is an auth object imported from a module the configuration
// lists, under a local name other than auth.
func (m *Model) classifyConfiguredAuth(c *Call, parts []string) bool {
	if len(parts) < 2 || !m.configAuth[parts[0]] {
		return false
	}
	method := strings.Join(parts[1:], ".")
	if !authMethods[method] {
		return false
	}
	c.Auth = method
	c.AuthObj = authObject(c.Callee, strings.Count(method, ".")+1)
	m.AuthCalls = append(m.AuthCalls, c)
	m.noteSessionParams(c)
	return true
}
