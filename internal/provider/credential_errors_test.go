package provider_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// Keys the mock knows, one per source, with tails that tell their masked forms apart.
const (
	blockID   = "AKIDblock0000000000000000000000000b1ck"
	envID     = "AKIDenviron000000000000000000000000e7v1"
	profileID = "AKIDprofile00000000000000000000000p4f1"
)

// words is a regular expression for a phrase as Terraform prints it, where any space may have become a line break.
func words(phrase string) string {
	fields := strings.Fields(phrase)
	for i, f := range fields {
		fields[i] = regexp.QuoteMeta(f)
	}
	return strings.Join(fields, `\s+`)
}

// masked is a SecretId as the provider may show it: its first and last four characters.
func masked(id string) string { return id[:4] + "…" + id[len(id)-4:] }

// accepted is the error of a step that should have failed and did not.
const accepted = "the configuration was accepted; want a credential error"

// failsWithout is a test case whose one step must fail with an error that matches want and holds none of absent.
// It checks the error in ErrorCheck, which sees the whole of it, where ExpectError could only match a pattern; a
// step that does not fail fails its Check, and a test whose ErrorCheck never ran fails at its end.
func failsWithout(t *testing.T, config string, want *regexp.Regexp, absent ...string) resource.TestCase {
	t.Helper()
	var checked atomic.Bool
	t.Cleanup(func() {
		// Without TF_ACC the harness skips the case, and there is nothing to check.
		if !checked.Load() && !t.Skipped() {
			t.Error("the configuration did not fail")
		}
	})
	return resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		ErrorCheck: func(err error) error {
			checked.Store(true)
			msg := err.Error()
			if strings.Contains(msg, accepted) {
				return err
			}
			if !want.MatchString(msg) {
				return fmt.Errorf("the error does not match %s: %w", want, err)
			}
			for _, s := range absent {
				if strings.Contains(msg, s) {
					return fmt.Errorf("the error holds %q: %w", s, err)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: config,
			Check:  func(*terraform.State) error { return errors.New(accepted) },
		}},
	}
}

// signatureFailure is the error for a wrong key: the API's code and words, then where the keys came from with the
// SecretId masked, then what to check.
func signatureFailure(id, source string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)Error: Could not list the backups of cdb-cred0001.*` +
		words(`[AuthFailure.SignatureFailure] The provided credentials could not be validated. Please check your signature is correct. (RequestId:`) + `.*` +
		words("The credentials came from "+source+", SecretId "+masked(id)+". Check that the secret key is the one issued with this secret ID"))
}

// wrongKeyMock is a mock that knows the three keys, and none of the wrong keys the tests send.
func wrongKeyMock(t *testing.T) (*mock.Server, string) {
	t.Helper()
	srv := acctest.StartMockWith(t, mock.Options{Credentials: map[string]string{
		blockID: keyOf(blockID), envID: keyOf(envID), profileID: keyOf(profileID),
	}})
	id := "cdb-cred0001"
	srv.SetBackups(acctest.Region, id, mock.GenerateBackups(id, acctest.Region, 2, acctest.Newest))
	return srv, id
}

// TestAccCredentialErrors_WrongKeyInTheProviderBlock: the error names the provider block.
func TestAccCredentialErrors_WrongKeyInTheProviderBlock(t *testing.T) {
	srv, id := wrongKeyMock(t)
	const wrong = "wrong-key-given-in-the-block-0001"
	config := providerWith(srv, id, fmt.Sprintf("secret_id = %q\nsecret_key = %q", blockID, wrong))
	resource.ParallelTest(t, failsWithout(t, config, signatureFailure(blockID, "the provider block (secret_id and secret_key)"),
		wrong, keyOf(blockID), blockID))
}

// TestAccCredentialErrors_WrongKeyInTheEnvironment: the error names the environment variables. Not parallel: it
// sets them for the provider, which runs in this process.
func TestAccCredentialErrors_WrongKeyInTheEnvironment(t *testing.T) {
	srv, id := wrongKeyMock(t)
	const wrong = "wrong-key-given-in-the-environment-0002"
	t.Setenv("TENCENTCLOUD_SECRET_ID", envID)
	t.Setenv("TENCENTCLOUD_SECRET_KEY", wrong)
	resource.Test(t, failsWithout(t, providerWith(srv, id, ""),
		signatureFailure(envID, "the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY"),
		wrong, keyOf(envID), envID))
}

// TestAccCredentialErrors_WrongKeyInAProfile: the error names the tccli profile and its folder.
func TestAccCredentialErrors_WrongKeyInAProfile(t *testing.T) {
	srv, id := wrongKeyMock(t)
	const wrong = "wrong-key-given-in-the-profile-0003"
	dir := t.TempDir()
	writeProfile(t, dir, "ci", fmt.Sprintf(`{"secretId": %q, "secretKey": %q}`, profileID, wrong), "")
	config := providerWith(srv, id, fmt.Sprintf("profile = \"ci\"\nshared_credentials_dir = %q", dir))
	resource.ParallelTest(t, failsWithout(t, config,
		signatureFailure(profileID, fmt.Sprintf(`the tccli profile "ci" in %s (ci.credential)`, filepath.Clean(dir))),
		wrong, keyOf(profileID), profileID))
}
