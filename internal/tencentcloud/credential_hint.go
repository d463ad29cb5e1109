// What an API error about the credentials tells the user beyond the API's own words: where the credentials came
// from, and what to check.

package tencentcloud

import (
	"fmt"
	"strings"
	"time"
)

// credentialHint is the hint of an API error with code, answered to a call of action to service signed with creds,
// or "" for an error of another kind. It names where the credentials came from and, for fixed keys, the SecretId
// masked (maskSecretID); it never holds a key or a token.
func credentialHint(code, service, action string, creds *credentials, now time.Time) string {
	if code == "AuthFailure.SignatureExpire" {
		// The keys are not the problem, so where they came from does not matter.
		return fmt.Sprintf("The request's time was more than 5 minutes away from Tencent Cloud's clock: this machine's clock is off "+
			"(it said %s UTC). Set it right (NTP) and run again; the credentials are not the problem.", now.UTC().Format(time.DateTime))
	}
	var check string
	switch code {
	case "AuthFailure.SignatureFailure":
		check = "Check that the secret key is the one issued with this secret ID, copied whole: a key of another key pair, or one " +
			"with a character missing or added, is refused this way (keys are listed in the CAM console, under API keys). A clock " +
			"more than 5 minutes off is refused as AuthFailure.SignatureExpire instead."
	case "AuthFailure.SecretIdNotFound":
		check = "Tencent Cloud knows no such secret ID: check that it is copied whole, and that the key still exists and is enabled " +
			"(CAM console, API keys). A temporary secret ID is known only with its token."
	case "AuthFailure.InvalidSecretId":
		check = "This is not a secret ID as Tencent Cloud issues them: check that the secret ID is the key's SecretId (it starts " +
			"with AKID), not its SecretKey or an account ID, without spaces or line breaks."
	case "AuthFailure.InvalidAuthorization":
		check = "The request's Authorization header was refused as malformed: check that the secret ID has no spaces or line breaks."
	case "AuthFailure.TokenFailure":
		switch {
		case creds.fetch != nil:
			check = "The provider renews these temporary credentials before they expire; if this persists, check this machine's clock."
		case creds.GetToken() == "":
			check = "A temporary secret ID needs its token (security_token or " + EnvSecurityToken + "); a permanent key needs none."
		default:
			check = "The token has expired, or does not belong to this temporary secret ID. Temporary credentials expire: get a new " +
				"secret ID, key and token together, or let the provider get and renew them (assume_role, cam_role_name)."
		}
	case "AuthFailure.MFAFailure":
		check = "The call was refused for multi-factor authentication: check the CAM settings of the key's user."
	case "UnauthorizedOperation", "AuthFailure.UnauthorizedOperation":
		check = fmt.Sprintf("The credentials are valid, but CAM does not allow their user or role this call: grant it %s:%s, or "+
			"use credentials that have it.", service, action)
		if action == "AssumeRole" {
			check = "The credentials are valid, but the role does not trust their account, or its conditions (such as external_id) " +
				"are not met: check the role's trust policy and assume_role's arguments."
		}
	default:
		return ""
	}
	from := "The credentials came from " + creds.origin
	if id := maskSecretID(creds); id != "" {
		from += ", SecretId " + id
	}
	return from + ". " + check
}

// maskSecretID is the SecretId of fixed keys with all but its first and last four characters hidden ("AKID…7f3a"),
// or "" for temporary credentials, whose SecretId changes with each renewal, and for a SecretId too short to mask.
//
// A SecretId is not a secret (it is sent in the clear in every request's Authorization header; the SecretKey never
// is), but it names the key pair, so that errors and logs need not carry it whole: the four last characters are
// enough to tell which of a user's keys was used, against the list in the CAM console.
func maskSecretID(creds *credentials) string {
	if creds.fetch != nil {
		return ""
	}
	id := creds.GetSecretId()
	if len(id) < 12 {
		return ""
	}
	return id[:4] + "…" + id[len(id)-4:]
}

// withoutSecretID is an API message with the SecretId that signed the call masked, should the API quote it. A
// value too short to be a SecretId is left alone: replacing it could garble the message.
func withoutSecretID(message string, creds *credentials) string {
	id := creds.GetSecretId()
	if len(id) < 12 {
		return message
	}
	masked := maskSecretID(creds)
	if masked == "" {
		masked = "<SecretId>"
	}
	return strings.ReplaceAll(message, id, masked)
}
