#include "SignatureSettings.h"

#include "Secrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

#include <memory>

namespace {

const QString Key = QStringLiteral("signatures/rules");

/// The secrets still to read and what was found so far; travels from one keychain read to the next.
struct SecretReads
{
    QList<SignatureRule> pending;
    QList<SignatureRule> ready;
    QStringList missing;
    std::function<void(const QList<SignatureRule>&, const QStringList&)> done;
};

// One read after the other: QtKeychain runs a job per entry.
void readNext(const std::shared_ptr<SecretReads>& reads, Secrets* secrets)
{
    if (reads->pending.isEmpty()) {
        reads->done(reads->ready, reads->missing);
        return;
    }
    const SignatureRule rule = reads->pending.takeFirst();
    const QString key = SignatureSettings::keychainKey(rule.pathPrefix);
    secrets->read(key, [reads, secrets, rule, key](const Secrets::Result& result) {
        if (result.ok && !result.secret.isEmpty()) {
            SignatureRule withSecret = rule;
            withSecret.secret = result.secret;
            reads->ready.append(withSecret);
        } else {
            reads->missing.append(QStringLiteral("%1: %2").arg(
                key, result.message.isEmpty() ? QStringLiteral("no secret") : result.message));
        }
        readNext(reads, secrets);
    });
}

} // namespace

QString SignatureSettings::keychainKey(const QByteArray& pathPrefix)
{
    return QStringLiteral("verify:") + (pathPrefix.isEmpty() ? QStringLiteral("/") : QString::fromUtf8(pathPrefix));
}

QList<SignatureRule> SignatureSettings::load()
{
    return fromJson(QSettings().value(Key).toByteArray());
}

void SignatureSettings::save(const QList<SignatureRule>& rules)
{
    QSettings settings;
    if (rules.isEmpty()) {
        settings.remove(Key);
    } else {
        settings.setValue(Key, toJson(rules));
    }
}

QString SignatureSettings::kindName(SignatureRule::Kind kind)
{
    switch (kind) {
    case SignatureRule::Kind::Token:
        return QStringLiteral("token");
    case SignatureRule::Kind::StandardWebhooks:
        return QStringLiteral("standard-webhooks");
    case SignatureRule::Kind::HmacSha256:
        break;
    }
    return QStringLiteral("hmac-sha256");
}

bool SignatureSettings::kindFromName(const QString& name, SignatureRule::Kind* kind)
{
    for (const SignatureRule::Kind k :
        {SignatureRule::Kind::Token, SignatureRule::Kind::HmacSha256, SignatureRule::Kind::StandardWebhooks}) {
        if (kindName(k) == name) {
            *kind = k;
            return true;
        }
    }
    return false;
}

QByteArray SignatureSettings::toJson(const QList<SignatureRule>& rules)
{
    QJsonArray array;
    for (const SignatureRule& rule : rules) {
        array.append(QJsonObject {
            {QStringLiteral("path"), QString::fromUtf8(rule.pathPrefix)},
            {QStringLiteral("kind"), kindName(rule.kind)},
            {QStringLiteral("header"), QString::fromUtf8(rule.header)},
            {QStringLiteral("encoding"),
                rule.encoding == TargetAuth::Encoding::Base64 ? QStringLiteral("base64") : QStringLiteral("hex")},
            {QStringLiteral("toleranceSeconds"), rule.toleranceSeconds},
            {QStringLiteral("failStatus"), rule.failStatus},
        });
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<SignatureRule> SignatureSettings::fromJson(const QByteArray& json)
{
    QList<SignatureRule> rules;
    for (const QJsonValue& value : QJsonDocument::fromJson(json).array()) {
        const QJsonObject o = value.toObject();
        SignatureRule rule;
        if (!kindFromName(o.value(QStringLiteral("kind")).toString(), &rule.kind)) {
            continue;
        }
        rule.pathPrefix = o.value(QStringLiteral("path")).toString().toUtf8();
        rule.header = o.value(QStringLiteral("header")).toString(QString::fromUtf8(rule.header)).toUtf8();
        rule.encoding = o.value(QStringLiteral("encoding")).toString() == QLatin1String("base64")
            ? TargetAuth::Encoding::Base64
            : TargetAuth::Encoding::Hex;
        rule.toleranceSeconds = o.value(QStringLiteral("toleranceSeconds")).toInt(rule.toleranceSeconds);
        rule.failStatus = o.value(QStringLiteral("failStatus")).toInt(rule.failStatus);
        rules.append(rule);
    }
    return rules;
}

void SignatureSettings::readSecrets(const QList<SignatureRule>& rules, Secrets* secrets,
    std::function<void(const QList<SignatureRule>& ready, const QStringList& missing)> done)
{
    auto reads = std::make_shared<SecretReads>();
    reads->pending = rules;
    reads->done = std::move(done);
    readNext(reads, secrets);
}
