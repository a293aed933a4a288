package supamodel

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// cookieLibraries maps cookie library modules to the operation each of
// their functions performs.
var cookieLibraries = map[string]map[string]StorageKind{
	"js-cookie":        {"set": StorageWrite, "get": StorageRead, "remove": StorageRemove},
	"nookies":          {"setCookie": StorageWrite, "parseCookies": StorageRead, "destroyCookie": StorageRemove},
	"cookies-next":     {"setCookie": StorageWrite, "getCookie": StorageRead, "getCookies": StorageRead, "deleteCookie": StorageRemove},
	"universal-cookie": {"set": StorageWrite, "get": StorageRead, "remove": StorageRemove},
}

// storageObjects maps modules whose default or named export is a
// key-value store object to the store name findings use.
var storageObjects = map[string]string{
	"localforage":                               "localforage",
	"@capacitor/preferences":                    "Capacitor Preferences",
	"@capacitor/storage":                        "Capacitor Storage",
	"@react-native-async-storage/async-storage": "AsyncStorage",
	"expo-secure-store":                         "SecureStore",
	"react-native-mmkv":                         "MMKV",
	"@ionic/storage":                            "Ionic Storage",
}

// storageFunctions maps modules that export store operations as plain
// functions (import { set } from 'idb-keyval') to their operations.
var storageFunctions = map[string]map[string]StorageKind{
	"idb-keyval": {"get": StorageRead, "getMany": StorageRead, "set": StorageWrite, "setMany": StorageWrite,
		"update": StorageWrite, "del": StorageRemove, "delMany": StorageRemove, "clear": StorageClear},
}

// classifyStorage records calls that read, write, remove or clear client
// storage.
func (m *Model) classifyStorage(c *Call) {
	parts := strings.Split(c.Path, ".")
	if len(parts) < 2 {
		m.classifyCookieFunc(c)
		m.classifyStoreFunc(c)
		return
	}
	receiver := parts[len(parts)-2]
	method := parts[len(parts)-1]
	store := ""
	if imp, ok := m.Imports[parts[0]]; ok && len(parts) == 2 {
		store = storageObjects[imp.Source]
	}
	switch receiver {
	case "localStorage", "sessionStorage", "AsyncStorage", "cookieStore":
		store = receiver
	case "cookies":
		// event.cookies in SvelteKit, Astro.cookies: cookies.set(name, value).
		if len(parts) >= 3 || (len(parts) == 2 && m.Server) {
			if _, imported := m.Imports["cookies"]; !imported {
				store = "cookies"
			}
		}
	case "local", "sync", "session":
		if len(parts) >= 3 && parts[len(parts)-3] == "storage" && (len(parts) < 4 || parts[len(parts)-4] == "chrome" || parts[len(parts)-4] == "browser") {
			store = "chrome.storage"
		}
	case "SecureStore":
		store = "SecureStore"
	case "()":
		// cookies().set(...) from next/headers
		if len(parts) >= 3 {
			if imp, ok := m.Imports[parts[len(parts)-3]]; ok && imp.Source == "next/headers" && imp.Imported == "cookies" {
				store = "cookies()"
			}
		}
	}
	if store == "" && len(parts) == 2 {
		store = m.boundStore(c, parts[0])
	}
	if store == "" {
		if imp, ok := m.Imports[receiver]; ok {
			if kinds, ok := cookieLibraries[imp.Source]; ok {
				if k, ok := kinds[method]; ok {
					m.addCookieLibOp(c, k, imp.Source, 0)
				}
			}
		}
		return
	}
	op := &StorageOp{Node: c.Node, Store: store, Func: c.Func}
	switch method {
	case "getItem", "getItemAsync", "get", "multiGet", "getString":
		op.Kind = StorageRead
	case "setItem", "setItemAsync", "set", "multiSet":
		op.Kind = StorageWrite
	case "removeItem", "deleteItemAsync", "remove", "multiRemove", "delete":
		op.Kind = StorageRemove
	case "clear":
		op.Kind = StorageClear
		// supabase-js keeps the session in Web Storage in browsers and in
		// AsyncStorage in React Native apps; clearing another store only
		// matters when a custom adapter uses it.
		op.AuthKey = store == "localStorage" || store == "sessionStorage" || store == "AsyncStorage"
	default:
		return
	}
	if len(c.Args) > 0 {
		op.Key = c.Args[0]
	}
	if len(c.Args) > 1 {
		op.Value = c.Args[1]
	}
	if (store == "chrome.storage" || strings.HasPrefix(store, "Capacitor")) && op.Kind == StorageWrite {
		// chrome.storage.local.set({ key: value }); Preferences.set({ key, value })
		op.Key, op.Value = nil, op.Key
		if v := m.Property(op.Value, "value"); v != nil && strings.HasPrefix(store, "Capacitor") {
			op.Value = v
		}
	}
	if op.Kind == StorageRemove && op.Key != nil {
		op.AuthKey = m.touchesAuthKey(op)
	}
	m.Storage = append(m.Storage, op)
}

// boundStore names the store a local receiver holds: `const jar = await
// cookies()` from next/headers, `new MMKV()`, `new Cookies()` from
// universal-cookie, or "" for anything else.
func (m *Model) boundStore(c *Call, name string) string {
	if !m.importsStoreFactory() {
		return "" // saves the scope lookup below, which climbs the tree
	}
	obj := Unwrap(c.Callee)
	if obj == nil || obj.Type() != "member_expression" {
		return ""
	}
	decls, _ := m.LookupDecls(obj, name)
	if len(decls) != 1 {
		return ""
	}
	v := Unwrap(decls[0])
	var ctor string
	switch v.Type() {
	case "call_expression":
		ctor = CalleePath(v.ChildByFieldName("function"), m.File.Src)
	case "new_expression":
		ctor = CalleePath(v.ChildByFieldName("constructor"), m.File.Src)
	default:
		return ""
	}
	imp, ok := m.Imports[ctor]
	if !ok {
		return ""
	}
	switch {
	case imp.Source == "next/headers" && imp.Imported == "cookies":
		return "cookies()"
	case imp.Source == "react-native-mmkv":
		return "MMKV"
	case imp.Source == "universal-cookie":
		return "universal-cookie"
	}
	return ""
}

// importsStoreFactory reports whether the file imports one of the
// factories whose result boundStore recognises; it lists the same
// modules as the switch at the end of boundStore.
func (m *Model) importsStoreFactory() bool {
	for _, imp := range m.Imports {
		switch {
		case imp.Source == "next/headers" && imp.Imported == "cookies", imp.Source == "react-native-mmkv", imp.Source == "universal-cookie":
			return true
		}
	}
	return false
}

// h3CookieFuncs are the cookie helpers Nuxt and Nitro server code gets
// from h3 without an import: setCookie(event, name, value).
var h3CookieFuncs = map[string]StorageKind{"setCookie": StorageWrite, "getCookie": StorageRead, "deleteCookie": StorageRemove}

// classifyStoreFunc records store operations imported as functions,
// such as set from idb-keyval, and h3's auto-imported cookie helpers.
func (m *Model) classifyStoreFunc(c *Call) {
	imp, ok := m.Imports[c.Path]
	if !ok {
		if k, ok := h3CookieFuncs[c.Path]; ok && m.Server && !m.definesFunc(c.Path) {
			m.addCookieLibOp(c, k, "h3", 1)
		}
		return
	}
	kinds, ok := storageFunctions[imp.Source]
	if !ok {
		return
	}
	k, ok := kinds[imp.Imported]
	if !ok {
		return
	}
	op := &StorageOp{Node: c.Node, Kind: k, Store: imp.Source, Func: c.Func}
	if len(c.Args) > 0 {
		op.Key = c.Args[0]
	}
	if len(c.Args) > 1 {
		op.Value = c.Args[1]
	}
	// Clearing an IndexedDB store removes the session only when a custom
	// adapter keeps it there, which a removal by key shows; clear() alone
	// does not count.
	op.AuthKey = k == StorageRemove && op.Key != nil && m.touchesAuthKey(op)
	m.Storage = append(m.Storage, op)
}

// classifyCookieFunc records named imports of cookie library functions,
// such as setCookie from cookies-next.
func (m *Model) classifyCookieFunc(c *Call) {
	imp, ok := m.Imports[c.Path]
	if !ok {
		return
	}
	kinds, ok := cookieLibraries[imp.Source]
	if !ok {
		return
	}
	k, ok := kinds[imp.Imported]
	if !ok {
		return
	}
	// nookies takes the request context first: setCookie(ctx, name, value).
	skip := 0
	if imp.Source == "nookies" {
		skip = 1
	}
	m.addCookieLibOp(c, k, imp.Source, skip)
}

func (m *Model) addCookieLibOp(c *Call, k StorageKind, lib string, skip int) {
	op := &StorageOp{Node: c.Node, Kind: k, Store: lib, Func: c.Func}
	if len(c.Args) > skip {
		op.Key = c.Args[skip]
	}
	if len(c.Args) > skip+1 {
		op.Value = c.Args[skip+1]
	}
	if k == StorageRemove && op.Key != nil {
		op.AuthKey = m.touchesAuthKey(op)
	}
	m.Storage = append(m.Storage, op)
}

// touchesAuthKey reports whether a removal targets the Supabase session:
// a literal key such as `sb-<ref>-auth-token`, or a computed key inside a
// loop or condition that selects keys by those prefixes (the generated
// cleanupAuthState helper does exactly this).
func (m *Model) touchesAuthKey(op *StorageOp) bool {
	if s, ok := TemplateText(op.Key, m.File.Src); ok {
		return isAuthKey(s)
	}
	scope := op.Func.Unit()
	var body *sitter.Node
	if scope != nil {
		body = scope.Node
	} else {
		body = m.File.Root
	}
	text := string(m.File.Src[body.StartByte():body.EndByte()])
	return strings.Contains(text, "'sb-") || strings.Contains(text, "\"sb-") || strings.Contains(text, "`sb-") ||
		strings.Contains(text, "supabase.auth.") || strings.Contains(text, "-auth-token")
}

// definesFunc reports whether the file defines a function of that name.
func (m *Model) definesFunc(name string) bool {
	for _, fn := range m.Funcs {
		if fn.Name == name {
			return true
		}
	}
	return false
}
