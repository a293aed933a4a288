package supamodel

import (
	sitter "github.com/smacker/go-tree-sitter"
)

// StorageSource returns the storage read that a value comes from, through
// local names, destructuring, JSON.parse, `??`/`||` defaults, ternaries,
// member accesses and the return values of same-file functions, or nil.
// document.cookie reads count as storage reads.
func (m *Model) StorageSource(n *sitter.Node) *sitter.Node {
	reads := map[uintptr]bool{}
	for _, op := range m.Storage {
		if op.Kind == StorageRead {
			reads[op.Node.ID()] = true
		}
	}
	return m.storageSource(n, reads, map[string]bool{}, 0)
}

func (m *Model) storageSource(n *sitter.Node, reads map[uintptr]bool, seen map[string]bool, depth int) *sitter.Node {
	n = Unwrap(n)
	if n == nil || depth > 2*maxDepth {
		return nil
	}
	switch n.Type() {
	case "call_expression":
		if reads[n.ID()] {
			return n
		}
		path := CalleePath(n.ChildByFieldName("function"), m.File.Src)
		args := Args(n)
		switch lastPart(path) {
		case "parse", "decodeURIComponent", "String", "atob", "trim", "toString":
			if len(args) > 0 {
				return m.storageSource(args[0], reads, seen, depth+1)
			}
			if fn := n.ChildByFieldName("function"); fn != nil && fn.Type() == "member_expression" {
				return m.storageSource(fn.ChildByFieldName("object"), reads, seen, depth+1)
			}
		case "split", "find", "replace", "substring", "slice", "pop", "shift", "get":
			if fn := n.ChildByFieldName("function"); fn != nil && fn.Type() == "member_expression" {
				return m.storageSource(fn.ChildByFieldName("object"), reads, seen, depth+1)
			}
		}
		// A same-file function that returns a stored value.
		name := lastPart(path)
		for _, fn := range m.Funcs {
			if fn.Name != name || fn.Body == nil || seen["fn:"+name] {
				continue
			}
			seen["fn:"+name] = true
			if src := m.returnsStored(fn, reads, seen, depth+1); src != nil {
				return src
			}
		}
	case "member_expression", "subscript_expression":
		if CalleePath(n, m.File.Src) == "document.cookie" {
			return n
		}
		return m.storageSource(n.ChildByFieldName("object"), reads, seen, depth+1)
	case "binary_expression":
		if s := m.storageSource(n.ChildByFieldName("left"), reads, seen, depth+1); s != nil {
			return s
		}
		return m.storageSource(n.ChildByFieldName("right"), reads, seen, depth+1)
	case "ternary_expression":
		if s := m.storageSource(n.ChildByFieldName("consequence"), reads, seen, depth+1); s != nil {
			return s
		}
		return m.storageSource(n.ChildByFieldName("alternative"), reads, seen, depth+1)
	case "identifier", "shorthand_property_identifier":
		name := m.File.Text(n)
		key := name + "@" + itoa(int(n.StartByte()))
		if seen[key] {
			return nil
		}
		seen[key] = true
		plain, pattern := m.LookupDecls(n, name)
		for _, v := range plain {
			if s := m.storageSource(v, reads, seen, depth+1); s != nil {
				return s
			}
		}
		if len(plain) == 0 && len(pattern) == 0 {
			// A parameter: the arguments the callers in this file pass, or
			// the value a promise hands to a .then callback.
			if args, ok := m.ParamArgs(n, name); ok {
				for _, a := range args {
					if s := m.storageSource(a, reads, seen, depth+1); s != nil {
						return s
					}
				}
			}
			if p := m.thenSource(n, name); p != nil {
				if s := m.storageSource(p, reads, seen, depth+1); s != nil {
					return s
				}
			}
		}
		for _, v := range pattern {
			if s := m.storageSource(v, reads, seen, depth+1); s != nil {
				return s
			}
		}
	}
	return nil
}

// thenSource returns the promise whose value the first parameter of a
// `.then` callback named name receives, for a use inside that callback:
// `getItem(k).then((raw) => ...)` and `Promise.resolve(x).then(...)`.
func (m *Model) thenSource(use *sitter.Node, name string) *sitter.Node {
	fn := enclosingFunction(use)
	if fn == nil {
		return nil
	}
	idx, _ := m.paramIndex(fn, name)
	if idx != 0 {
		return nil
	}
	args := fn.Parent()
	if args == nil || args.Type() != "arguments" {
		return nil
	}
	call := args.Parent()
	if call == nil || call.Type() != "call_expression" {
		return nil
	}
	callee := Unwrap(call.ChildByFieldName("function"))
	if callee == nil || callee.Type() != "member_expression" || m.File.Text(callee.ChildByFieldName("property")) != "then" {
		return nil
	}
	promise := Unwrap(callee.ChildByFieldName("object"))
	if promise != nil && promise.Type() == "call_expression" && CalleePath(promise.ChildByFieldName("function"), m.File.Src) == "Promise.resolve" {
		if a := Args(promise); len(a) > 0 {
			return a[0]
		}
	}
	return promise
}

func (m *Model) returnsStored(fn *Func, reads map[uintptr]bool, seen map[string]bool, depth int) *sitter.Node {
	if fn.Body.Type() != "statement_block" {
		return m.storageSource(fn.Body, reads, seen, depth)
	}
	c := sitter.NewTreeCursor(fn.Body)
	defer c.Close()
	for {
		n := c.CurrentNode()
		if n.Type() == "return_statement" && n.NamedChildCount() > 0 {
			if s := m.storageSource(n.NamedChild(0), reads, seen, depth); s != nil {
				return s
			}
		}
		if !IsFunction(n) && c.GoToFirstChild() {
			continue
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() || c.CurrentNode().Equal(fn.Body) {
				return nil
			}
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
