// PEM fixtures for the "keys" group, in the forms WebCrypto cannot write itself: PKCS#1 (RSA PRIVATE KEY,
// RSA PUBLIC KEY), SEC 1 (EC PRIVATE KEY) and an X.509 certificate. Made once for this suite with OpenSSL 3.0:
//   openssl genrsa -traditional 2048; openssl rsa -RSAPublicKey_out
//   openssl ecparam -name prime256v1 -genkey -noout; openssl req -new -x509 -subj "/CN=keycard conformance" -days 36500
// The two RSA blocks are one key pair; the EC key is the certificate's key. Test keys only: they sign nothing real.

export const RSA_PRIVATE_KEY_PKCS1 = [
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEowIBAAKCAQEArs0Kn/wTl1E40WXzio/33Avff5x9+6H0jSO8MhUDU/7DhPlU",
  "et55wpaYAIIxRTNIm0chD2iZw12f+uOIWrUfHjXQzCMW7/QCweGEi+pn6uE7+ldx",
  "ujmUm+NzIkbZMRu9U538lujy7TaSjsCOaEskEu6D7tGMpQYoKyug36jwWMk61tXE",
  "Ea0U1VIbXQojldhdXsuHdWQGdNmFZr9UzgLdUKAg6Qx0TTFW3sQPR5yKXLMiTDrV",
  "ZCN1A0KA+dvrPXYAHYOrWeAZVFT5fNd6KWOGckSNAgk/OIiQ5RCWc2PN43Ig+n1A",
  "AFJo4cOUJIniYV4ShhzvTBXQOpq0kwbI1R1hiQIDAQABAoIBAAj+Ve/8CFaCWGvm",
  "pNCB3oDo7/l4997m2uYZmvTRMbQEQTNB4EO3l1hoht7M1APhUvihQN1R9opPknv2",
  "MbVoCPc1Ed505jjXiz5GL/uCZpEWQE+dqOVp0cBxBAMVFdbh3Fx1XhH2H4yOoJz9",
  "YX5ScmNSeAGFMMkrT00EUEE9qAsLTnDmlxAV9K4yL+xwxNhLCF6GguJfGm5mJ5ci",
  "VpvJ+JxTchriWyNplUWW9yWjRTNMzv5WXaGWbSU9LeFNlduRcjG65VcDGTzWWMMj",
  "VMlKaybF/b12jI8uJBP0SB27z3yFwyN9moJBez6aX7ypXF+nm3hIM2/W3ZvDW3We",
  "McWgF5ECgYEA9BLayl9NZkDVuEEkFdP9wCZdimgxFfD7ariPmi5z+PYmjWKvxCZd",
  "Yqk+6IpVnyfW3RMqzjcOehefgVsnt0BtbHuIn6eudNSvHDeOErMu+7FfFUaubelj",
  "HEhEpTkCFl+c8MGjIvaqFH1VkkNPfrdJ3FfAGD1OI1n023hP+I2yvXkCgYEAt1el",
  "hxt+/Tbf2uUbL+OXd7hPgzlxjWOaiMiYAjVMkAnNp+KI1cnmwlfzqDKhZtv+LQL6",
  "kDz0bgjLbXFS9ovWx8JHV5ZVzO6aCpjq2U6nOg/pNyAl3qUCMGYRQ2wPMRaoJRIf",
  "cJw3bIUHfwGcZvJjAmavFckNDZog1aRs2tOskJECgYEA4z5yypz02VFgKw8rY89e",
  "oHqX+PeNTBp0Wya/PRQnEhNMTbMmZwA5TlS5p5S0p1xWZrsjzZ/hMLex4KRYU/v+",
  "ZVSXHd7nRQuIhkMLWknOYrUADDUkzlzP1FNM5nAvi1k2K8p9812peS5Ab8+PwjEw",
  "6aAhz++0QqHMolJgUtDLLDECgYB2o1iRXNGHuQKR+r7k9jkFV1bca0d3XoSZDnSO",
  "uT6Z1j4l7Qjujn+sMo2QwXJ/xMttBQhuXYMt0LMSVsqAj2ykRqszmixbN+qmAN23",
  "UJYVlEYtTbgzokMQXnu9TSdndGnJ0zhU/kE/D7YSEVDLrP00iI2zYy33J00n8gYe",
  "c+qugQKBgEEKtTR8gtkkIO1s622GZKHoQdEB6U3WNv4221wfYth7F5sgVK1htLCn",
  "7mptHY2yEIgQejmp736H4mUACIo7INkcOTb2ocTx8DkB6hd7VYXgUd/Au+++sjWr",
  "CPMTkPSOgF0hE5fFluVTElsC/OvVZBaZ88JhXGtak735MkCZeODR",
  "-----END RSA PRIVATE KEY-----",
].join("\n") + "\n";

export const RSA_PUBLIC_KEY_PKCS1 = [
  "-----BEGIN RSA PUBLIC KEY-----",
  "MIIBCgKCAQEArs0Kn/wTl1E40WXzio/33Avff5x9+6H0jSO8MhUDU/7DhPlUet55",
  "wpaYAIIxRTNIm0chD2iZw12f+uOIWrUfHjXQzCMW7/QCweGEi+pn6uE7+ldxujmU",
  "m+NzIkbZMRu9U538lujy7TaSjsCOaEskEu6D7tGMpQYoKyug36jwWMk61tXEEa0U",
  "1VIbXQojldhdXsuHdWQGdNmFZr9UzgLdUKAg6Qx0TTFW3sQPR5yKXLMiTDrVZCN1",
  "A0KA+dvrPXYAHYOrWeAZVFT5fNd6KWOGckSNAgk/OIiQ5RCWc2PN43Ig+n1AAFJo",
  "4cOUJIniYV4ShhzvTBXQOpq0kwbI1R1hiQIDAQAB",
  "-----END RSA PUBLIC KEY-----",
].join("\n") + "\n";

export const EC_PRIVATE_KEY_SEC1 = [
  "-----BEGIN EC PRIVATE KEY-----",
  "MHcCAQEEIMvUyB0NLnZjdqPhIQp+jKbtzDRQKu/Aaewvm1FdVdW0oAoGCCqGSM49",
  "AwEHoUQDQgAEYmBqEqOy0jRWcX/Yapbyf0g4n9cWZ+AYatSPdg5toCap4ApoNbfB",
  "y+mFXmBEtcWtAJz0XL540+lhUPpw5ZUNIA==",
  "-----END EC PRIVATE KEY-----",
].join("\n") + "\n";

export const EC_CERTIFICATE = [
  "-----BEGIN CERTIFICATE-----",
  "MIIBkjCCATmgAwIBAgIUerWQq2VTuQ8VcuTzFRj336gsTQ8wCgYIKoZIzj0EAwIw",
  "HjEcMBoGA1UEAwwTa2V5Y2FyZCBjb25mb3JtYW5jZTAgFw0yNjExMjkxNzUzNDFa",
  "GA8yMTI2MTEwNTE3NTM0MVowHjEcMBoGA1UEAwwTa2V5Y2FyZCBjb25mb3JtYW5j",
  "ZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGJgahKjstI0VnF/2GqW8n9IOJ/X",
  "FmfgGGrUj3YObaAmqeAKaDW3wcvphV5gRLXFrQCc9Fy+eNPpYVD6cOWVDSCjUzBR",
  "MB0GA1UdDgQWBBTb+DjNv+C2nUDnQRSCL3iJGxBcPjAfBgNVHSMEGDAWgBTb+DjN",
  "v+C2nUDnQRSCL3iJGxBcPjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cA",
  "MEQCIFuJGSoD3LrngL1ioat2kBRLDNL8qiYg7Z9RuLjyMVlJAiA0zbd+DpdexEgQ",
  "rT+qb15NvWFqmWTkIh0BUzm3vKLqOg==",
  "-----END CERTIFICATE-----",
].join("\n") + "\n";

