#pragma once

#include <QByteArray>

/// How a resend proves itself to its target. The secret comes from the keychain (Secrets) and is
/// never stored anywhere else.
struct TargetAuth
{
    enum class Kind { None, Bearer, HmacSha256 };
    enum class Encoding { Hex, Base64 };

    Kind kind = Kind::None;
    QByteArray secret; ///< the bearer token, or the HMAC key
    QByteArray headerName = QByteArrayLiteral("X-Signature"); ///< where the HMAC digest goes
    Encoding encoding = Encoding::Hex; ///< how the HMAC digest is written
};
