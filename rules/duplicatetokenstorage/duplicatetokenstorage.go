// Package duplicatetokenstorage reports Supabase tokens or sessions that
// the app copies into a second storage beside the one supabase-js or
// @supabase/ssr manages, and browser modules that create both kinds of
// client.
package duplicatetokenstorage

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Session tokens kept in a second storage",
	Why: "supabase-js (or `@supabase/ssr` in cookies) already stores the session and rotates the refresh token on " +
		"every refresh. A second copy written by the app is never rotated and never cleared by `signOut()`: it " +
		"outlives logout, and code that later uses it replays a refresh token the server has already rotated, " +
		"which Supabase's reuse detection treats as theft and answers by revoking the whole session. Each copy is " +
		"also one more place for an XSS payload or a browser extension to read.\n\n" +
		"A module that creates both a supabase-js `createClient` and an `@supabase/ssr` `createBrowserClient` has " +
		"the same problem built in: two clients keep two copies of the session (localStorage and cookies) and " +
		"refresh them independently, so one client's refresh reuses a token the other already rotated.\n\n" +
		"A custom `auth.storage` adapter handed to the client is the single storage path and is not reported; " +
		"neither is an in-memory cache.",
	Bad: "supabase.auth.onAuthStateChange((event, session) => {\n  if (session) localStorage.setItem('access_token', session.access_token);\n});",
	Good: "// read the token when needed; the client keeps it fresh\nconst { data: { session } } = await supabase.auth.getSession();\n" +
		"fetch(url, { headers: { Authorization: `Bearer ${session?.access_token}` } });",
	Limits: "Understood: writes of `.access_token`, `.refresh_token` or a session (an onAuthStateChange session, " +
		"`data.session` of getSession, sign-in, sign-up and refreshSession, names bound to them, spreads, " +
		"ternaries, `JSON.stringify`, template literals, parameters passed by callers in the same file) to Web " +
		"Storage, cookies (`document.cookie`, js-cookie, nookies, cookies-next, next/headers, h3, SvelteKit), " +
		"`chrome.storage`, AsyncStorage, SecureStore, Capacitor, localforage, idb-keyval, MMKV; zustand `persist` " +
		"stores and redux-persist whitelists holding the session; storage adapters that keep a second copy their " +
		"`removeItem` never clears; and one browser module creating both a supabase-js and an `@supabase/ssr` " +
		"client. Custom `auth.storage` adapters and in-memory caches are the single path and are not reported, nor are " +
		"provider tokens. Not understood: two clients created in different modules of one browser bundle, and " +
		"an extension storage area reached through a destructured `storage` variable with `?.` or a line break " +
		"before the area's name (`storage?.local.set(...)`), which the prefilter does not recognise",
	Level:            analyzer.LevelWarning,
	CWE:              922,
	SecuritySeverity: "5.9",
	Precision:        "high",
	Tags:             []string{"session-management", "token-storage"},
}

// Analyzer reports duplicate token storage.
var Analyzer = &analysis.Analyzer{
	Name:     "duplicatetokenstorage",
	Doc:      "reports session tokens written to a second storage, and browser modules creating two kinds of client",
	Requires: []*analysis.Analyzer{supamodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[supamodel.Analyzer].(*supamodel.Model)
	if m == nil {
		return nil, nil
	}
	adapterWrites := map[*supamodel.Func][]*supamodel.StorageOp{}
	for _, op := range m.Storage {
		if op.Kind != supamodel.StorageWrite || op.Value == nil {
			continue
		}
		if inStorageAdapter(m, op.Func) {
			u := op.Func.Unit()
			adapterWrites[u] = append(adapterWrites[u], op)
			continue
		}
		what := tokenIn(m, op.Value, map[string]bool{}, 0)
		if what == "" {
			continue
		}
		f := m.File
		target := "document.cookie"
		if op.Node.Type() == "call_expression" {
			target = m.CodeText(op.Node.ChildByFieldName("function"))
		}
		if httpOnlyCookie(m, op) && what == "the access token" {
			what = "the access token (httpOnly)"
		}
		d := analysis.Diagnostic{
			Pos:     f.Pos(op.Node.StartByte()),
			End:     f.Pos(op.Node.EndByte()),
			Message: message(target, what),
		}
		if origin := sessionOrigin(m, op); origin != nil {
			d.Related = append(d.Related, analysis.RelatedInformation{
				Pos: f.Pos(origin.Node.StartByte()), End: f.Pos(origin.Node.EndByte()),
				Message: "the session comes from " + origin.Auth + " here",
			})
		}
		pass.Report(d)
	}
	reportSplitAdapters(pass, m, adapterWrites)
	reportPersistedStores(pass, m)
	reportMixedClients(pass, m)
	return nil, nil
}

// reportSplitAdapters reports a storage adapter method that writes the
// session into two different stores as two copies: the same value in
// both, or a second store that the adapter's removeItem never clears
// (so the copy outlives sign-out). An adapter that splits one session
// across two stores and removes both parts keeps one copy.
func reportSplitAdapters(pass *analysis.Pass, m *supamodel.Model, writes map[*supamodel.Func][]*supamodel.StorageOp) {
	f := m.File
	for _, fn := range m.Funcs {
		ops := writes[fn]
		if len(ops) < 2 {
			continue
		}
		removed := removedStores(m, fn)
		sort.Slice(ops, func(i, j int) bool { return ops[i].Node.StartByte() < ops[j].Node.StartByte() })
		first := ops[0]
		for _, op := range ops[1:] {
			if op.Store == first.Store {
				continue
			}
			sameValue := strings.TrimSpace(f.Text(op.Value)) == strings.TrimSpace(f.Text(first.Value))
			if !sameValue && removed[op.Store] && removed[first.Store] {
				continue
			}
			if !removed[first.Store] && removed[op.Store] {
				first, op = op, first
			}
			pass.Report(analysis.Diagnostic{
				Pos: f.Pos(op.Node.StartByte()),
				End: f.Pos(op.Node.EndByte()),
				Message: fmt.Sprintf("the storage adapter's %s writes the session to %s as well as %s, and its removeItem "+
					"does not clear both, so the second copy outlives signOut; keep the session in one store",
					supamodel.UnitName(fn), op.Store, first.Store),
				Related: []analysis.RelatedInformation{{
					Pos: f.Pos(first.Node.StartByte()), End: f.Pos(first.Node.EndByte()), Message: "the first copy is written here",
				}},
			})
			break
		}
	}
}

// removedStores returns the stores that the removeItem method beside an
// adapter's setItem clears.
func removedStores(m *supamodel.Model, setItem *supamodel.Func) map[string]bool {
	out := map[string]bool{}
	obj := adapterObject(setItem.Node)
	if obj == nil {
		return out
	}
	for _, fn := range m.Funcs {
		if fn.Name != "removeItem" || adapterObject(fn.Node) == nil || !adapterObject(fn.Node).Equal(obj) {
			continue
		}
		for _, op := range m.Storage {
			if op.Kind == supamodel.StorageRemove && op.Func != nil && op.Func.Unit() == fn {
				out[op.Store] = true
			}
		}
	}
	return out
}

// adapterObject returns the object literal a method belongs to.
func adapterObject(n *sitter.Node) *sitter.Node {
	p := n.Parent()
	if p != nil && p.Type() == "pair" {
		p = p.Parent()
	}
	if p != nil && p.Type() == "object" {
		return p
	}
	return nil
}

// sessionSliceRE matches redux-persist slice names that hold the session.
var sessionSliceRE = regexp.MustCompile(`(?i)session|auth|token`)

var sessionStateKeyRE = regexp.MustCompile(`^(session|authSession|supabaseSession|currentSession|accessToken|refreshToken|access_token|refresh_token|token|tokens|auth)$`)

// reportPersistedStores reports zustand `persist` stores whose state
// holds the session or its tokens, and redux-persist configurations that
// persist an auth or session slice: both write the session to Web
// Storage beside the client's own copy.
func reportPersistedStores(pass *analysis.Pass, m *supamodel.Model) {
	f := m.File
	for _, c := range m.Calls {
		imp, ok := m.Imports[c.Path]
		if !ok {
			continue
		}
		switch {
		case imp.Source == "zustand/middleware" && imp.Imported == "persist" && len(c.Args) > 0:
			key := persistedSessionKey(m, c)
			if key == "" {
				continue
			}
			pass.Report(analysis.Diagnostic{
				Pos: f.Pos(c.Callee.StartByte()), End: f.Pos(c.Callee.EndByte()),
				Message: fmt.Sprintf("persist writes this zustand store, its %s field included, to %s beside the client's "+
					"own copy of the session: signOut does not clear it and replaying it trips reuse detection; leave %s out "+
					"with partialize and read the session from supabase.auth.getSession()", key, persistStore(m, c), key),
			})
		case imp.Source == "redux-persist" && imp.Imported == "persistReducer" && len(c.Args) > 0:
			wl := m.Property(c.Args[0], "whitelist")
			if wl == nil {
				continue
			}
			wl = m.Resolve(wl)
			for i := 0; wl.Type() == "array" && i < int(wl.NamedChildCount()); i++ {
				v, ok := supamodel.StringValue(wl.NamedChild(i), f.Src)
				if !ok || !sessionSliceRE.MatchString(v) {
					continue
				}
				pass.Report(analysis.Diagnostic{
					Pos: f.Pos(wl.NamedChild(i).StartByte()), End: f.Pos(wl.NamedChild(i).EndByte()),
					Message: fmt.Sprintf("redux-persist stores the %q slice in Web Storage beside the client's own copy of "+
						"the session: signOut does not clear it and replaying it trips reuse detection; keep tokens out of "+
						"persisted state and read the session from supabase.auth.getSession()", v),
				})
				break
			}
		}
	}
}

// persistedSessionKey returns the state field of a zustand persist
// store that holds the session, or "" when none does or partialize
// leaves it out.
func persistedSessionKey(m *supamodel.Model, c *supamodel.Call) string {
	creator := supamodel.Unwrap(c.Args[0])
	if creator == nil || !supamodel.IsFunction(creator) {
		return ""
	}
	state := supamodel.Unwrap(creator.ChildByFieldName("body"))
	if state == nil {
		return ""
	}
	if state.Type() == "statement_block" {
		state = nil
		for i := 0; i < int(creator.ChildByFieldName("body").NamedChildCount()); i++ {
			st := creator.ChildByFieldName("body").NamedChild(i)
			if st.Type() == "return_statement" && st.NamedChildCount() > 0 {
				state = supamodel.Unwrap(st.NamedChild(0))
			}
		}
	}
	if state == nil || state.Type() != "object" {
		return ""
	}
	var partialize string
	if len(c.Args) > 1 {
		if p := m.Property(c.Args[1], "partialize"); p != nil {
			partialize = m.File.Text(p)
		}
	}
	for i := 0; i < int(state.NamedChildCount()); i++ {
		p := state.NamedChild(i)
		var key string
		switch p.Type() {
		case "pair":
			key, _ = supamodel.PropertyName(p.ChildByFieldName("key"), m.File.Src)
		case "shorthand_property_identifier":
			key = m.File.Text(p)
		}
		if !sessionStateKeyRE.MatchString(key) {
			continue
		}
		if partialize != "" && !regexp.MustCompile(`\b`+regexp.QuoteMeta(key)+`\b`).MatchString(partialize) {
			continue
		}
		return key
	}
	return ""
}

// persistStore names the Web Storage a zustand persist store writes to.
func persistStore(m *supamodel.Model, c *supamodel.Call) string {
	if len(c.Args) > 1 {
		if s := m.Property(c.Args[1], "storage"); s != nil && strings.Contains(m.File.Text(s), "sessionStorage") {
			return "sessionStorage"
		}
	}
	return "localStorage"
}

// sessionOrigin returns the auth call the stored session most likely
// comes from: the onAuthStateChange whose callback holds the write, or
// the last session-returning call before the write in its function.
func sessionOrigin(m *supamodel.Model, op *supamodel.StorageOp) *supamodel.Call {
	var best *supamodel.Call
	for _, c := range m.AuthCalls {
		switch {
		case c.Auth == "onAuthStateChange" && supamodel.Contains(c.Node, op.Node):
			return c
		case sessionMethods[c.Auth] && op.Func != nil && c.Func != nil && c.Func.Unit() == op.Func.Unit() &&
			c.Node.EndByte() <= op.Node.StartByte():
			best = c
		}
	}
	return best
}

// message explains the risk of the stored value: an access token is a
// bearer credential that stays valid until it expires, while a refresh
// token or session is a second copy that signOut does not clear and that
// trips reuse detection when replayed after a rotation.
func message(target, what string) string {
	if what == "the access token (httpOnly)" {
		return fmt.Sprintf("%s stores the access token in a second cookie that signOut does not clear, so it keeps "+
			"authorising requests until it expires; read it from supabase.auth.getSession() when needed instead of storing it", target)
	}
	if what == "the access token" {
		return fmt.Sprintf("%s stores the access token where signOut does not clear it and any script on the page "+
			"can read it until it expires; read it from supabase.auth.getSession() when needed instead of storing it", target)
	}
	return fmt.Sprintf("%s stores %s in a second place beside the client's own storage: signOut does not clear it, "+
		"and replaying it after the client rotated the refresh token trips reuse detection and revokes the session; "+
		"let the Supabase client keep the only copy", target, what)
}

// httpOnlyCookie reports whether a cookie write sets httpOnly: true in
// its options (the third argument of cookies().set and the cookie
// libraries), where page scripts cannot read it.
func httpOnlyCookie(m *supamodel.Model, op *supamodel.StorageOp) bool {
	if op.Node.Type() != "call_expression" {
		return false
	}
	args := supamodel.Args(op.Node)
	if len(args) < 3 {
		return false
	}
	v := m.Property(args[len(args)-1], "httpOnly")
	return v != nil && strings.TrimSpace(m.File.Text(v)) == "true"
}

// inStorageAdapter reports whether fn is a method of a custom storage
// adapter: an object with getItem/setItem/removeItem, or the value of a
// `storage:` or `cookies:` option (the cookie methods @supabase/ssr
// calls). Such an adapter is the one storage path of its client.
func inStorageAdapter(m *supamodel.Model, fn *supamodel.Func) bool {
	for ; fn != nil; fn = fn.Parent {
		switch fn.Name {
		case "setItem", "getItem", "removeItem":
			if fn.Member {
				return true
			}
		}
		if fn.Member && optionObject(m, fn.Node) {
			return true
		}
	}
	return false
}

// optionObject reports whether a method belongs to the object literal
// given as a `storage` or `cookies` option.
func optionObject(m *supamodel.Model, n *sitter.Node) bool {
	obj := n.Parent()
	if obj != nil && obj.Type() == "pair" {
		obj = obj.Parent()
	}
	if obj == nil || obj.Type() != "object" {
		return false
	}
	pair := obj.Parent()
	if pair == nil || pair.Type() != "pair" {
		return false
	}
	key := pair.ChildByFieldName("key")
	if key == nil {
		return false
	}
	switch strings.Trim(m.File.Text(key), "'\"`") {
	case "storage", "cookies":
		return true
	}
	return false
}

// tokenProps are the Supabase session members that hold tokens. The
// provider_token and provider_refresh_token members are left out: Supabase
// Auth neither stores nor refreshes OAuth provider tokens, so keeping them
// is the app's job.
var tokenProps = map[string]string{
	"access_token": "the access token", "refresh_token": "the refresh token",
}

// tokenIn describes the session or token a value carries, or returns "".
func tokenIn(m *supamodel.Model, n *sitter.Node, seen map[string]bool, depth int) string {
	n = supamodel.Unwrap(n)
	if n == nil || depth > 8 {
		return ""
	}
	src := m.File.Src
	switch n.Type() {
	case "member_expression":
		prop := m.File.Text(n.ChildByFieldName("property"))
		obj := n.ChildByFieldName("object")
		if d, ok := tokenProps[prop]; ok && sessionLike(m, obj, seen, depth+1) {
			return d
		}
		if prop == "session" && fromAuthValue(m, obj, 0) {
			return "the session"
		}
	case "call_expression":
		name := supamodel.CalleePath(n.ChildByFieldName("function"), src)
		if strings.HasSuffix(name, "JSON.stringify") || strings.HasSuffix(name, "btoa") || strings.HasSuffix(name, "encodeURIComponent") {
			for _, a := range supamodel.Args(n) {
				if d := tokenIn(m, a, seen, depth+1); d != "" {
					return d
				}
			}
		}
	case "ternary_expression":
		for _, field := range []string{"consequence", "alternative"} {
			if d := tokenIn(m, n.ChildByFieldName(field), seen, depth+1); d != "" {
				return d
			}
		}
	case "template_string", "object", "binary_expression", "array", "pair", "template_substitution", "spread_element":
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if n.Type() == "pair" && i == 0 {
				continue // the key
			}
			if d := tokenIn(m, c, seen, depth+1); d != "" {
				return d
			}
		}
	case "shorthand_property_identifier", "identifier":
		name := m.File.Text(n)
		if seen[name] {
			return ""
		}
		seen[name] = true
		if m.SessionParams[name] {
			return "the session"
		}
		plain, pattern := m.LookupDecls(n, name)
		for _, v := range plain {
			if d := tokenIn(m, v, seen, depth+1); d != "" {
				return d
			}
		}
		if len(plain) == 0 && len(pattern) == 0 {
			// A parameter: what the callers in this file pass.
			args, _ := m.ParamArgs(n, name)
			for _, a := range args {
				if d := tokenIn(m, a, seen, depth+1); d != "" {
					return d
				}
			}
		}
		for _, v := range pattern {
			if _, ok := tokenProps[name]; ok && sessionLike(m, v, seen, depth+1) {
				return tokenProps[name]
			}
			if name == "session" && fromAuthValue(m, v, 0) {
				return "the session"
			}
		}
	}
	return ""
}

// sessionLike reports whether an expression holds a Supabase session:
// a session parameter of an onAuthStateChange callback, a `.session`
// member or `session` name bound to an auth call's result, or an
// expression whose chain names a session (`data.session`, `currentSession`).
func sessionLike(m *supamodel.Model, n *sitter.Node, seen map[string]bool, depth int) bool {
	n = supamodel.Unwrap(n)
	if n == nil || depth > 8 {
		return false
	}
	switch n.Type() {
	case "identifier":
		name := m.File.Text(n)
		plain, pattern := m.LookupDecls(n, name)
		if foreignValue(m, plain) || foreignValue(m, pattern) {
			return false // NextAuth's useSession() and the like
		}
		if m.SessionParams[name] || strings.Contains(strings.ToLower(name), "session") {
			return true
		}
		for _, v := range plain {
			if sessionLike(m, v, seen, depth+1) || fromAuthValue(m, v, 0) {
				return true
			}
		}
		for _, v := range pattern {
			if fromAuthValue(m, v, 0) {
				return true
			}
		}
	case "member_expression":
		prop := m.File.Text(n.ChildByFieldName("property"))
		if strings.Contains(strings.ToLower(prop), "session") {
			return true
		}
		return sessionLike(m, n.ChildByFieldName("object"), seen, depth+1)
	case "call_expression":
		return fromAuthValue(m, n, 0)
	}
	return false
}

// foreignValue reports whether a value comes from a call of a function
// imported from another auth library, such as NextAuth's useSession().
func foreignValue(m *supamodel.Model, values []*sitter.Node) bool {
	for _, v := range values {
		v = supamodel.Unwrap(v)
		if v == nil || v.Type() != "call_expression" {
			continue
		}
		root := strings.SplitN(supamodel.CalleePath(v.ChildByFieldName("function"), m.File.Src), ".", 2)[0]
		if imp, ok := m.Imports[root]; ok && supamodel.IsForeignModule(imp.Source) {
			return true
		}
	}
	return false
}

// sessionMethods are the auth calls whose result carries a session.
var sessionMethods = map[string]bool{
	"getSession": true, "refreshSession": true, "setSession": true, "signInWithPassword": true,
	"signInWithOtp": true, "signInWithIdToken": true, "signInAnonymously": true, "signUp": true,
	"verifyOtp": true, "exchangeCodeForSession": true,
}

// fromAuthValue reports whether a value is the result (or the data of
// the result) of a Supabase auth call that returns a session, following
// names bound in the same scope.
func fromAuthValue(m *supamodel.Model, v *sitter.Node, depth int) bool {
	v = supamodel.Unwrap(v)
	if v == nil || depth > 6 {
		return false
	}
	switch v.Type() {
	case "call_expression":
		for _, c := range m.AuthCalls {
			if c.Node.Equal(v) {
				return sessionMethods[c.Auth]
			}
		}
	case "member_expression":
		return fromAuthValue(m, v.ChildByFieldName("object"), depth+1)
	case "identifier":
		plain, pattern := m.LookupDecls(v, m.File.Text(v))
		for _, d := range append(plain, pattern...) {
			if fromAuthValue(m, d, depth+1) {
				return true
			}
		}
	}
	return false
}

// persists reports whether a createClient call keeps a session: unless
// its options set auth.persistSession to false.
func persists(m *supamodel.Model, c *supamodel.Call) bool {
	if len(c.Args) < 3 {
		return true
	}
	auth := m.Property(c.Args[2], "auth")
	if auth == nil {
		return true
	}
	v := m.Property(auth, "persistSession")
	return v == nil || strings.TrimSpace(m.File.Text(v)) != "false"
}

// reportMixedClients reports a browser module that creates both a
// supabase-js client and an @supabase/ssr browser client.
func reportMixedClients(pass *analysis.Pass, m *supamodel.Model) {
	if m.Server {
		return
	}
	var plain, ssr *sitter.Node
	for _, c := range m.Calls {
		imp, ok := m.Imports[c.Path]
		if !ok {
			continue
		}
		switch {
		case imp.Source == "@supabase/supabase-js" && imp.Imported == "createClient":
			if plain == nil && persists(m, c) {
				plain = c.Node
			}
		case imp.Source == "@supabase/ssr" && imp.Imported == "createBrowserClient":
			if ssr == nil {
				ssr = c.Node
			}
		}
	}
	if plain == nil || ssr == nil {
		return
	}
	f := m.File
	pass.Report(analysis.Diagnostic{
		Pos: f.Pos(ssr.StartByte()),
		End: f.Pos(ssr.EndByte()),
		Message: "this browser module creates an @supabase/ssr client with createBrowserClient and a supabase-js client " +
			"with createClient; they keep separate copies of the session (cookies and localStorage) and refresh them " +
			"independently, so one reuses a refresh token the other already rotated; create one client with createBrowserClient and share it",
		Related: []analysis.RelatedInformation{{
			Pos: f.Pos(plain.StartByte()), End: f.Pos(plain.EndByte()), Message: "the supabase-js client is created here",
		}},
	})
}
