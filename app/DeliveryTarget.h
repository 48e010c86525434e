#pragma once

#include "TargetAuth.h"

#include <QString>
#include <QUrl>

/// A URL events are resent or forwarded to, as the user marked it. Its secret is not here: it lives
/// in the keychain under secretKey().
struct DeliveryTarget
{
    QUrl url;
    /// "staging", "production", or empty when the user did not say: the guard rail compares it
    /// with the environment of the events sent there.
    QString environment;
    TargetAuth::Kind authKind = TargetAuth::Kind::None;
    QByteArray signatureHeader = QByteArrayLiteral("X-Signature");
    TargetAuth::Encoding signatureEncoding = TargetAuth::Encoding::Hex;
    qint64 lastUsedMs = 0;

    /// The keychain entry holding this target's token or signing secret.
    QString secretKey() const { return QStringLiteral("target:") + url.toString(); }
};
