#pragma once

#include "CapturedRequest.h"
#include "TargetAuth.h"

#include <QList>
#include <QMutex>

/// How the requests to one path prefix must prove where they come from.
struct SignatureRule
{
    enum class Kind {
        Token, ///< a shared token: the header holds the secret itself
        HmacSha256, ///< the header holds the HMAC-SHA256 of the raw body, hex or base64
        StandardWebhooks, ///< webhook-id, webhook-timestamp, webhook-signature "v1,<base64>" (standardwebhooks.com)
    };

    QByteArray pathPrefix; ///< "" matches every path
    Kind kind = Kind::HmacSha256;
    QByteArray header = QByteArrayLiteral("X-Signature"); ///< Token and HmacSha256
    TargetAuth::Encoding encoding = TargetAuth::Encoding::Hex; ///< HmacSha256
    /// The secret (from the keychain, never stored elsewhere). Standard Webhooks' "whsec_..." form
    /// is decoded to its key.
    QByteArray secret;
    int toleranceSeconds = 300; ///< Standard Webhooks: how far webhook-timestamp may be from now
    int failStatus = 401; ///< the answer to an unverified request (still stored); 0: answer as usual
};

/**
 * @brief Signature checks on incoming webhooks. A request that fails is still stored, with the
 * problem "unverified: <reason>", and answered with the rule's failStatus.
 *
 * Shared by the capture threads and the window: verify() and setRules() may be called from any thread.
 */
class SignatureCheck
{
public:
    struct Verdict
    {
        bool checked = false; ///< a rule applied to the request
        QString problem; ///< empty when verified
        int failStatus = 0;
    };

    void setRules(const QList<SignatureRule>& rules);
    QList<SignatureRule> rules() const;
    /// The first rule whose prefix @p request's path starts with decides; none: not checked.
    Verdict verify(const CapturedRequest& request, qint64 nowMs) const;

    /// Why @p request fails @p rule ("missing header X-Signature", "signature does not match", ...);
    /// empty when it passes.
    static QString failure(const SignatureRule& rule, const CapturedRequest& request, qint64 nowMs);
    /// Why @p rule can't be used, in one line; empty when it can.
    static QString check(const SignatureRule& rule);

private:
    static QString standardWebhooks(const SignatureRule& rule, const CapturedRequest& request, qint64 nowMs);

    mutable QMutex m_mutex;
    QList<SignatureRule> m_rules;
};
