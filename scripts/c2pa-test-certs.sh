#!/bin/sh
# Makes the test-only C2PA signing credentials under tests/fixtures/c2pa (run once; the PEMs are committed,
# so CI needs no openssl). A CA and a leaf with the key usages c2pa-rs's certificate profile asks for
# (keyUsage digitalSignature, critical; extendedKeyUsage emailProtection + documentSigning), 20 years valid.
# NOT a secret: these keys sign nothing real and are trusted by nobody.
set -eu
out=${1:-tests/fixtures/c2pa}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
days=7300

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/ca.key"
cat > "$tmp/ca.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
x509_extensions = ext
[dn]
CN = Imagine Studio Test CA
O = Imagine Studio tests
[ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
openssl req -new -x509 -sha256 -days $days -key "$tmp/ca.key" -config "$tmp/ca.cnf" -out "$tmp/ca.pem"

cat > "$tmp/leaf.cnf" <<CNF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = emailProtection, 1.3.6.1.5.5.7.3.36
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
CNF
leaf() { # name, subject CN
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/$1.key"
  openssl req -new -key "$out/$1.key" -subj "/CN=$2/O=Imagine Studio tests" -out "$tmp/$1.csr"
  openssl x509 -req -sha256 -days $days -in "$tmp/$1.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -set_serial 0x$(openssl rand -hex 8) -extfile "$tmp/leaf.cnf" -out "$tmp/$1.pem"
  cat "$tmp/$1.pem" "$tmp/ca.pem" > "$out/$1-chain.pem"
}
leaf signer 'Imagine Studio Test Signer'
# The same key, protected by the password "test-password".
openssl pkcs8 -topk8 -in "$out/signer.key" -passout pass:test-password -v2 aes-256-cbc -out "$out/signer-encrypted.key"
# A P-256 key that belongs to no certificate here, and an RSA key (not a C2PA ES/Ed algorithm we sign with).
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/other.key"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/rsa.key"
cp "$tmp/ca.pem" "$out/ca.pem"
echo "wrote $out"
