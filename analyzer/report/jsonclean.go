package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// dropNullMembers re-encodes the JSON document data with two-space
// indentation and a final newline, leaving out every object member whose
// value is null. Members keep their order. Null array elements are kept,
// because dropping them would shift indices that other members refer to.
//
// The SARIF writer needs it because go-sarif v2.3.3 marshals unset
// pointers without omitempty as null (for example suppression.status,
// suppression.location and suppression.guid), which the SARIF 2.1.0
// schema rejects.
func dropNullMembers(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	value, err := readJSONValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the JSON document")
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(value); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jsonObject is a JSON object that keeps the order of its members.
type jsonObject []jsonMember

type jsonMember struct {
	Key   string
	Value any
}

// MarshalJSON writes the members in order.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encodeCompact(&buf, m.Key); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := encodeCompact(&buf, m.Value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func encodeCompact(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode appends a newline
	return nil
}

// readJSONValue reads one value from dec: a jsonObject, a []any, a string,
// a json.Number, a bool or nil for null.
func readJSONValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}

	switch delim {
	case '{':
		obj := jsonObject{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			value, err := readJSONValue(dec)
			if err != nil {
				return nil, err
			}
			if value != nil {
				obj = append(obj, jsonMember{Key: keyTok.(string), Value: value})
			}
		}
		_, err = dec.Token() // '}'
		return obj, err
	case '[':
		arr := []any{}
		for dec.More() {
			value, err := readJSONValue(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, value)
		}
		_, err = dec.Token() // ']'
		return arr, err
	}
	return nil, fmt.Errorf("unexpected JSON delimiter %q", delim)
}
