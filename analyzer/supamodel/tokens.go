package supamodel

import (
	"sort"

	"github.com/sessionlint/sessionlint/analyzer/prefilter"
)

// Tokens are strings that a script file contains whenever its model
// holds something a rule or the file summary's traits use. A file
// without any of them is not parsed (see package prefilter), but the
// project phase still parses it on demand when a lookup reaches it by
// import path or by name. Facts that only the hardening report reads, such as
// rpc() calls, need no token: the report lists every file with
// App.SortedFiles, which has the app's skipped files parsed.
// TestPrefilterKeepsResults in package rules compares scans of every
// fixture with and without the prefilter, so a fixture for a new kind of
// finding shows a missing token.
var Tokens = storageTokens([]string{
	// Auth calls: sign-outs, credential changes, restored sessions and
	// the sign-ins that the signs-in trait records.
	"signOut", "updateUser", "mfa", "setSession", "refreshSession", "signIn", "signUp", "verifyOtp", "exchangeCodeForSession",
	// Storage objects: localStorage, sessionStorage, AsyncStorage,
	// SecureStore, document.cookie, cookieStore and cookies() of
	// next/headers. The modules of the storage and cookie libraries are
	// added from the tables of storage.go, since a file that uses one
	// imports it.
	"localStorage", "sessionStorage", "AsyncStorage", "SecureStore", "cookie", "Cookie",
	// The extension storage areas (chrome.storage.local and the like, also
	// through a variable named storage), and a `storage:` option, such as
	// a client's custom auth storage. The word storage alone would pass
	// every file that uses Supabase Storage (supabase.storage.from).
	// NOTE: an area reached through a destructured storage variable and
	// written with a line break or ?. before the area's name, such as
	// `storage?.local.set(...)`, holds none of these tokens.
	"chrome.storage", "browser.storage", "storage.local", "storage.sync", "storage.session", "storage:",
	// zustand and redux-persist stores that persist the session: the
	// rules read persist and persistReducer imported from these modules.
	"zustand/middleware", "redux-persist",
	// Client factories imported from @supabase/supabase-js and
	// @supabase/ssr, for the check of two clients in one module.
	"@supabase/",
})

// storageTokens adds the module names of the storage libraries.
func storageTokens(tokens []string) []string {
	for module := range cookieLibraries {
		tokens = append(tokens, module)
	}
	for module := range storageObjects {
		tokens = append(tokens, module)
	}
	for module := range storageFunctions {
		tokens = append(tokens, module)
	}
	sort.Strings(tokens)
	return tokens
}

func init() {
	prefilter.Declare(Analyzer, Tokens...)
	prefilter.Declare(Summary, Tokens...)
}
