#pragma once

#include "RequestReader.h"

#include <QHostAddress>

#include <memory>

class DriftCheck;
class ResponseScript;
class SignatureCheck;
class SubscriptionCheck;

/// How the capture endpoint listens and what it tolerates.
struct ServerConfig
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8787; ///< 0 picks a free port
    ReaderLimits limits;
    int headerTimeoutMs = 10000; ///< from a request's first byte to the end of its headers
    int bodyTimeoutMs = 30000; ///< longest silence while a body is arriving
    /// Once a body has been arriving for bodyTimeoutMs, the least average rate it must keep up (0: none).
    qint64 minBodyBytesPerSecond = 500;
    int idleTimeoutMs = 60000; ///< longest silence on a keep-alive connection between requests
    int maxConnections = 1024; ///< beyond this, new connections get 503 and are closed
    /// Scripted answers (shared, changeable while capturing); none: every stored event gets 200.
    std::shared_ptr<ResponseScript> script;
    /// Signature checks on incoming webhooks (shared, changeable while capturing); none: no check.
    std::shared_ptr<SignatureCheck> signatures;
    /// Schema drift of each channel event's data (shared, learning while capturing); none: not checked.
    std::shared_ptr<DriftCheck> drift;
    /// The subscription profile and the provider's ledger rule (shared, changeable); none: not checked.
    std::shared_ptr<SubscriptionCheck> subscriptions;
    /// HTTPS: the certificate (PEM, its chain after it) and private key files; both empty: plain HTTP.
    QString tlsCertificatePath;
    QString tlsKeyPath;

    bool usesTls() const { return !tlsCertificatePath.isEmpty() || !tlsKeyPath.isEmpty(); }
};
