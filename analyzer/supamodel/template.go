package supamodel

import (
	sitter "github.com/smacker/go-tree-sitter"
)

// unloadEvents are the events whose handlers run as the page goes away,
// which makes them cleanup rather than a choice the user makes.
var unloadEvents = map[string]bool{"beforeunload": true, "pagehide": true, "unload": true}

// addTemplateHandlers adds the event handlers bound in a component
// template (`@click="logout"`, `onclick={() => logout()}`) to the model.
// Each handler becomes a Func named after its attribute ("the @click
// handler") whose node is the handler's own program. Code written inline
// in the template is therefore analysed like a handler function's body.
// A name the handler references or calls is a handler reference, and
// markHandlers follows the calls. A handler of an unload event
// (`<svelte:window onbeforeunload={...}>`) is cleanup instead.
func (m *Model) addTemplateHandlers() {
	for _, h := range m.File.Handlers {
		cleanup := unloadEvents[h.Event]
		fn := &Func{Node: h.Root, Body: h.Root, Name: "the " + h.Attr + " handler", Handler: !cleanup, Cleanup: cleanup}
		fn.Error = m.File.FirstErrorIn(h.Root.StartByte(), h.Root.EndByte())
		m.funcAt[h.Root.ID()] = fn
		m.Funcs = append(m.Funcs, fn)
		nested := len(m.Funcs)
		m.walkTree(h.Tree, h.Root, fn)
		// A function written in the handler, such as the arrow function
		// of onclick={() => logout()}, runs on the event and takes the
		// handler's name.
		for _, g := range m.Funcs[nested:] {
			if g.Parent == fn {
				g.Handler = fn.Handler
				g.Cleanup = g.Cleanup || cleanup
				if g.Name == "" {
					g.Name = fn.Name
				}
			}
		}
		name := referencedName(h.Root, m.File.Src)
		switch {
		case name == "":
		case cleanup:
			for _, g := range m.Funcs {
				if g.Name == name {
					g.Cleanup = true
				}
			}
		default:
			m.HandlerRefs = append(m.HandlerRefs, name)
		}
	}
}

// referencedName returns the function a handler names without calling
// it: `logout` for @click="logout", `logout` for on:click={auth.logout}.
func referencedName(root *sitter.Node, src []byte) string {
	if root.NamedChildCount() != 1 || root.NamedChild(0).Type() != "expression_statement" {
		return ""
	}
	stmt := root.NamedChild(0)
	if stmt.NamedChildCount() == 0 {
		return ""
	}
	e := Unwrap(stmt.NamedChild(0))
	switch e.Type() {
	case "identifier":
		return e.Content(src)
	case "member_expression":
		if p := e.ChildByFieldName("property"); p != nil {
			return p.Content(src)
		}
	}
	return ""
}
