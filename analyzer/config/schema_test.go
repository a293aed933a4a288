package config

// testSchema mirrors the shape of the real rules: one without
// categories or options, one with categories and a boolean option, one
// with a list option, and the directive rule.
var testSchema = &Schema{Rules: []RuleSchema{
	{Name: "clientonlylogout", Level: LevelError},
	{
		Name:           "credentialchange",
		Level:          LevelWarning,
		CategoryLevels: map[string]string{"password": LevelNote, "email": LevelWarning, "mfa": LevelWarning},
		Options:        []Option{passwordOption},
	},
	{Name: "directive", Level: LevelWarning},
	{Name: "localscopelogout", Level: LevelWarning, Options: []Option{deviceOnlyOption}},
}}

var passwordOption = Option{Name: "password", Doc: "Report password changes.", Default: true}

var deviceOnlyOption = Option{Name: "deviceOnlyFunctions", Doc: "Functions that sign out of this device only on purpose.", Default: []string{}}
