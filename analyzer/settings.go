package analyzer

import (
	"github.com/sessionlint/sessionlint/analyzer/config"
)

// ConfigSchema describes the rules to the reader of .sessionlint.yaml
// files: their names, default levels, categories and options.
func ConfigSchema(rules []Rule) *config.Schema {
	s := &config.Schema{}
	for _, r := range rules {
		rs := config.RuleSchema{Name: r.Name(), Level: string(r.Doc.Level), Options: r.Doc.Options}
		if len(r.Doc.CategoryLevels) > 0 {
			rs.CategoryLevels = map[string]string{}
			for c, l := range r.Doc.CategoryLevels {
				rs.CategoryLevels[c] = string(l)
			}
		}
		s.Rules = append(s.Rules, rs)
	}
	return s
}

// newConfigLoader returns the loader of the .sessionlint.yaml files for
// a scan of the repository at root.
func newConfigLoader(root string, cfg Config) (*config.Loader, error) {
	return config.NewLoader(root, ConfigSchema(cfg.Rules), cfg.ConfigFile)
}

// settingsFor returns the settings in force in a repository-relative
// folder. The first configuration file that cannot be read or parsed is
// kept in w.configErr, and Run stops with it once discovery is done.
func (w *walker) settingsFor(dir string) *config.Settings {
	if w.settings == nil {
		return nil
	}
	s, err := w.settings.ForDir(dir)
	if err != nil && w.configErr == nil {
		w.configErr = err
	}
	return s
}

// excluded reports whether the exclude patterns in force for rel (those
// of the configuration of its parent folder) leave it out of the scan.
func (w *walker) excluded(rel string, isDir bool) bool {
	return w.settingsFor(parentDir(rel)).Excludes(rel, isDir)
}

// applyLevels gives the findings of a file the levels its configuration
// sets.
func applyLevels(out *fileOutput, s *config.Settings) {
	set := func(f *Finding) {
		if l := s.Level(f.Rule, f.Category); l != "" {
			f.Level = Level(l)
		}
	}
	for i := range out.findings {
		set(&out.findings[i])
	}
	for i := range out.pending {
		set(&out.pending[i].finding)
	}
}
