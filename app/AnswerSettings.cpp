#include "AnswerSettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace {

const QString Key = QStringLiteral("answers/rules");

} // namespace

QList<ResponseRule> AnswerSettings::load()
{
    return fromJson(QSettings().value(Key).toByteArray());
}

void AnswerSettings::save(const QList<ResponseRule>& rules)
{
    QSettings settings;
    if (rules.isEmpty()) {
        settings.remove(Key);
    } else {
        settings.setValue(Key, toJson(rules));
    }
}

QByteArray AnswerSettings::toJson(const QList<ResponseRule>& rules)
{
    QJsonArray array;
    for (const ResponseRule& rule : rules) {
        QJsonArray headers;
        for (const HttpHeader& h : rule.headers) {
            headers.append(QJsonArray {QString::fromUtf8(h.name), QString::fromUtf8(h.value)});
        }
        array.append(QJsonObject {
            {QStringLiteral("path"), QString::fromUtf8(rule.pathPrefix)},
            {QStringLiteral("status"), rule.status},
            {QStringLiteral("body"), QString::fromUtf8(rule.body)},
            {QStringLiteral("headers"), headers},
            {QStringLiteral("delayMs"), rule.delayMs},
            {QStringLiteral("failFirst"), rule.failFirst},
            {QStringLiteral("failPercent"), rule.failPercent},
            {QStringLiteral("failStatus"), rule.failStatus},
        });
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<ResponseRule> AnswerSettings::fromJson(const QByteArray& json)
{
    QList<ResponseRule> rules;
    for (const QJsonValue& value : QJsonDocument::fromJson(json).array()) {
        const QJsonObject o = value.toObject();
        ResponseRule rule;
        rule.pathPrefix = o.value(QStringLiteral("path")).toString().toUtf8();
        rule.status = o.value(QStringLiteral("status")).toInt(rule.status);
        rule.body = o.value(QStringLiteral("body")).toString().toUtf8();
        for (const QJsonValue& h : o.value(QStringLiteral("headers")).toArray()) {
            const QJsonArray pair = h.toArray();
            rule.headers.append({pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
        }
        rule.delayMs = o.value(QStringLiteral("delayMs")).toInt();
        rule.failFirst = o.value(QStringLiteral("failFirst")).toInt();
        rule.failPercent = o.value(QStringLiteral("failPercent")).toInt();
        rule.failStatus = o.value(QStringLiteral("failStatus")).toInt(rule.failStatus);
        if (ResponseScript::check(rule).isEmpty()) {
            rules.append(rule);
        }
    }
    return rules;
}
