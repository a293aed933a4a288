package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/rules"
)

// addConfigFlags defines -config, -init and -show-suppressed.
func addConfigFlags(flags *flag.FlagSet, opts *options) {
	flags.StringVar(&opts.configFile, "config", "", "")
	flags.BoolVar(&opts.init, "init", false, "")
	flags.BoolVar(&opts.showSuppressed, "show-suppressed", false, "")
}

// initConfig writes the commented starter configuration to the -config
// file when one is named, else to .sessionlint.yaml in the current
// folder. It never replaces an existing file.
func initConfig(opts *options, stderr io.Writer) int {
	target := opts.configFile
	if target == "" {
		target = config.FileName
	}
	text := config.Starter(analyzer.ConfigSchema(rules.All()))
	if err := createFile(target, []byte(text)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(stderr, "sessionlint: %s exists already; edit it, or remove it to write a new starter file\n", target)
		} else {
			fmt.Fprintf(stderr, "sessionlint: write %s: %v\n", target, err)
		}
		return exitError
	}
	fmt.Fprintf(stderr, "sessionlint: wrote %s; uncomment the settings you need (docs/configuration.md describes each)\n", target)
	return exitClean
}

// createFile writes data to a new file and removes it again when the
// write fails; it returns an error wrapping fs.ErrExist when the file
// exists.
func createFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
	}
	return err
}

// optionsText lists the options of a rule for -explain, each with its
// default and description, or returns "" for a rule without options.
func optionsText(doc *analyzer.Doc) string {
	var b strings.Builder
	for _, o := range doc.Options {
		fmt.Fprintf(&b, "- %s (default %s): %s\n", o.Name, optionDefault(o.Default), o.Doc)
	}
	return wrapText(b.String(), explainWidth-2)
}

// optionDefault writes an option default as it is written in YAML.
func optionDefault(v any) string {
	if list, ok := v.([]string); ok {
		return "[" + strings.Join(list, ", ") + "]"
	}
	return fmt.Sprint(v)
}
