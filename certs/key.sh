# Sourced by make-ca.sh and make-leaf.sh: new_key ec|rsa RSA_BITS FILE writes a new private key readable by its owner only.
new_key() {
  local umask_before; umask_before=$(umask)
  umask 077
  case "$1" in
    ec) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$3" ;;
    rsa) openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$3" ;;
    *) echo "--key must be ec or rsa" >&2; umask "$umask_before"; return 2 ;;
  esac
  umask "$umask_before"
}
