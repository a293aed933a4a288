package hardening

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/sessionlint/sessionlint/analyzer"
)

// The setting keys below the auth table, as package authconfig records them.
const (
	keyRotation          = "enable_refresh_token_rotation"
	keyReuseInterval     = "refresh_token_reuse_interval"
	keyTimebox           = "sessions.timebox"
	keyInactivityTimeout = "sessions.inactivity_timeout"
)

// maxReuseInterval is the widest reuse interval the report accepts, in
// seconds: the Supabase CLI default.
const maxReuseInterval = 10

// configFile is one supabase/config.toml with its settings by
// environment and key.
type configFile struct {
	name string
	envs map[string]map[string]analyzer.AuthSetting
}

// configs returns the config.toml files of the scan.
func (s *scan) configs() []configFile {
	var out []configFile
	s.files(func(_ *analyzer.App, f *analyzer.FileSummary) {
		if !isConfigTOML(f.File) {
			return
		}
		c := configFile{name: f.File, envs: map[string]map[string]analyzer.AuthSetting{"": {}}}
		for _, st := range f.Session.Settings {
			if c.envs[st.Env] == nil {
				c.envs[st.Env] = map[string]analyzer.AuthSetting{}
			}
			c.envs[st.Env][st.Key] = st
		}
		out = append(out, c)
	})
	return out
}

func isConfigTOML(name string) bool {
	return name == "config.toml" || len(name) > len("/config.toml") && name[len(name)-len("/config.toml"):] == "/config.toml"
}

// effective returns the setting of key in env: the remote's own value,
// else the base [auth] value; ok is false when neither sets it.
func (c configFile) effective(env, key string) (analyzer.AuthSetting, bool) {
	if st, ok := c.envs[env][key]; ok {
		return st, true
	}
	st, ok := c.envs[""][key]
	return st, ok
}

func envName(env string) string {
	if env == "" {
		return "[auth]"
	}
	return fmt.Sprintf("[remotes.%s.auth]", env)
}

func (s *scan) rotation() Property {
	p := Property{ID: IDRotation, Title: "Refresh-token rotation on, reuse interval at most 10 s, one token storage"}
	var present, missing []Evidence
	unknown := []string{}

	configs := s.configs()
	if len(configs) == 0 {
		unknown = append(unknown, "No supabase/config.toml: check refresh-token rotation and the reuse interval in the hosted project's Auth settings.")
	}
	for _, c := range configs {
		envs := sortedKeys(c.envs)
		for _, env := range envs {
			ok := true
			_, rotationSet := c.effective(env, keyRotation)
			_, intervalSet := c.effective(env, keyReuseInterval)
			if !rotationSet && !intervalSet {
				// Nothing written: the CLI defaults (rotation on, 10 s) apply
				// to the local stack, but say nothing of the hosted project.
				unknown = append(unknown, fmt.Sprintf("%s in %s sets neither enable_refresh_token_rotation nor "+
					"refresh_token_reuse_interval: check them in the hosted project's Auth settings.", envName(env), c.name))
				continue
			}
			if st, set := c.effective(env, keyRotation); set && st.Type == "boolean" && st.Value == "false" {
				ok = false
				missing = append(missing, Evidence{File: c.name, Line: st.Line, Missing: true,
					Note: envName(env) + " turns refresh-token rotation off"})
			}
			if st, set := c.effective(env, keyReuseInterval); set {
				if n, err := strconv.ParseInt(st.Value, 0, 64); err == nil && st.Type == "integer" && n > maxReuseInterval {
					ok = false
					missing = append(missing, Evidence{File: c.name, Line: st.Line, Missing: true,
						Note: fmt.Sprintf("%s accepts a used refresh token for %d s", envName(env), n)})
				}
			}
			if ok {
				present = append(present, Evidence{File: c.name, Line: settingLine(c, env),
					Note: envName(env) + " keeps rotation on with a reuse interval of at most 10 s"})
			}
		}
	}

	storage := s.findingEvidence(func(f analyzer.Finding) string {
		if f.Rule == "manualsetsession" {
			return "a session is restored from tokens the app stored itself (manualsetsession)"
		}
		return "session tokens are copied to a second storage (duplicatetokenstorage)"
	}, "duplicatetokenstorage", "manualsetsession")
	missing = append(missing, storage...)
	switch {
	case !s.ran["duplicatetokenstorage"] || !s.ran["manualsetsession"]:
		unknown = append(unknown, "Enable the duplicatetokenstorage and manualsetsession rules to check the token storage.")
	case len(storage) == 0 && s.authCode():
		present = append(present, Evidence{Note: "duplicatetokenstorage and manualsetsession found no second token storage and no session restored from app storage (see their limits in docs/rules.md)"})
	case len(storage) == 0:
		unknown = append(unknown, "No code with Supabase auth calls or clients was scanned, so the token storage was not checked.")
	}

	sortEvidence(missing)
	switch {
	case len(missing) > 0:
		p.Status = status(len(present), len(missing))
	case len(unknown) > 0:
		p.Status = NotDeterminable
	default:
		p.Status = Present
	}
	p.Evidence = concat(present, missing)
	switch p.Status {
	case Missing, Partial:
		p.Advice = "Set enable_refresh_token_rotation = true and refresh_token_reuse_interval = 10 or less in every environment, and keep the session only in the Supabase client's own storage."
		for _, u := range unknown {
			p.Advice += " " + u
		}
	case NotDeterminable:
		p.Advice = unknown[0]
		for _, u := range unknown[1:] {
			p.Advice += " " + u
		}
	}
	return p
}

// settingLine returns the first line of env's own rotation settings,
// else of the base settings it inherits, or 0 when both settings are at
// their defaults.
func settingLine(c configFile, env string) int {
	for _, e := range []string{env, ""} {
		line := 0
		for _, key := range []string{keyRotation, keyReuseInterval} {
			if st, ok := c.envs[e][key]; ok && (line == 0 || st.Line < line) {
				line = st.Line
			}
		}
		if line > 0 {
			return line
		}
	}
	return 0
}

// authCode reports whether the scan saw code that calls Supabase auth
// or exports a Supabase client, where the storage rules had something to
// check.
func (s *scan) authCode() bool {
	seen := false
	for _, app := range s.res.Apps {
		for _, f := range app.SortedFiles() {
			if f.Session != nil && (len(f.Session.SignOuts) > 0 || len(f.Session.CredentialChanges) > 0) {
				seen = true
			}
			for _, kind := range f.Bindings {
				if kind == analyzer.BindingClient || kind == analyzer.BindingFactory {
					seen = true
				}
			}
		}
	}
	return seen
}

// lifetime lists the session lifetime settings of every config.toml, with
// one entry for a config.toml that sets none.
func (s *scan) lifetime() []Evidence {
	out := []Evidence{}
	for _, c := range s.configs() {
		found := false
		for _, env := range sortedKeys(c.envs) {
			for _, key := range []string{keyTimebox, keyInactivityTimeout} {
				st, ok := c.envs[env][key]
				if !ok {
					continue
				}
				found = true
				effect := fmt.Sprintf("sessions end %s after sign-in", st.Value)
				if key == keyInactivityTimeout {
					effect = fmt.Sprintf("sessions end after %s without a refresh", st.Value)
				}
				out = append(out, Evidence{File: c.name, Line: st.Line, Note: fmt.Sprintf("%s %s = %q: %s", envName(env), key, st.Value, effect)})
			}
		}
		if !found {
			out = append(out, Evidence{File: c.name, Note: "no [auth.sessions] timebox or inactivity_timeout: sessions do not expire on their own"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}
