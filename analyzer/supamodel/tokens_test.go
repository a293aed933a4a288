package supamodel

import (
	"testing"

	"github.com/sessionlint/sessionlint/analyzer/prefilter"
)

// TestTokensStorageWords checks which uses of the words storage and
// persist pass the prefilter: the extension storage areas, a storage
// option and the persisting store libraries do, while Supabase Storage
// and the word persist alone do not.
func TestTokensStorageWords(t *testing.T) {
	m := prefilter.NewMatcher(Tokens)
	cases := []struct {
		src  string
		want bool
	}{
		{"await supabase.storage.from('avatars').upload(path, file);", false},
		{"const url = client.storage.from(bucket).getPublicUrl(key);", false},
		{"await chrome.storage.local.set({ session });", true},
		{"const { storage } = chrome;\nstorage.sync.set({ token });", true},
		{"browser.storage.session.set({ s });", true},
		{"createClient(url, key, { auth: { storage: adapter } });", true},
		{"// the filters persist across reloads\nconst persisted = usePersistentState(x);", false},
		{"import { persist } from 'zustand/middleware';", true},
		{"import { persistReducer } from \"redux-persist\";", true},
	}
	for _, c := range cases {
		if got := m.Match([]byte(c.src)); got != c.want {
			t.Errorf("Match(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}
