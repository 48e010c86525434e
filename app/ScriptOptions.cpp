#include "ScriptOptions.h"

#include "ResponseScript.h"
#include "ServerConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ScriptOptions", text);
}

const char* const s_options[] = {"respond-status", "respond-body", "respond-header", "respond-delay", "respond-path",
    "fail-first", "fail-percent", "fail-status"};

bool readInt(const QCommandLineParser& parser, const char* name, int* value, QString* error)
{
    const QString option = QLatin1String(name);
    if (!parser.isSet(option)) {
        return true;
    }
    bool ok = false;
    *value = parser.value(option).toInt(&ok);
    if (!ok) {
        *error = tr("--%1 '%2' is not a whole number").arg(option, parser.value(option));
    }
    return ok;
}

} // namespace

void ScriptOptions::addTo(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("respond-status"), tr("Answer stored events with this status (default 200)."),
            QStringLiteral("CODE")},
        {QStringLiteral("respond-body"), tr("Answer with this body (default: Hookscope's {\"ok\":true,\"id\":N})."),
            QStringLiteral("TEXT")},
        {QStringLiteral("respond-header"), tr("Add this header field to every answer; may be repeated."),
            QStringLiteral("NAME: VALUE")},
        {QStringLiteral("respond-delay"), tr("Hold every answer this many milliseconds after the event is stored."),
            QStringLiteral("MS")},
        {QStringLiteral("respond-path"),
            tr("Script only the requests whose path starts with this; the others get 200."), QStringLiteral("PREFIX")},
        {QStringLiteral("fail-first"), tr("Answer the first N requests with the failure status."), QStringLiteral("N")},
        {QStringLiteral("fail-percent"), tr("Answer this share of requests (0-100) with the failure status."),
            QStringLiteral("X")},
        {QStringLiteral("fail-status"), tr("The failure status (default 500). Failed or not, every event is stored."),
            QStringLiteral("CODE")},
    });
}

bool ScriptOptions::read(const QCommandLineParser& parser, ServerConfig* config, QString* error)
{
    bool any = false;
    for (const char* name : s_options) {
        any = any || parser.isSet(QLatin1String(name));
    }
    if (!any) {
        return true;
    }
    ResponseRule rule;
    if (!readInt(parser, "respond-status", &rule.status, error)
        || !readInt(parser, "respond-delay", &rule.delayMs, error)
        || !readInt(parser, "fail-first", &rule.failFirst, error)
        || !readInt(parser, "fail-percent", &rule.failPercent, error)
        || !readInt(parser, "fail-status", &rule.failStatus, error)) {
        return false;
    }
    rule.body = parser.value(QStringLiteral("respond-body")).toUtf8();
    rule.pathPrefix = parser.value(QStringLiteral("respond-path")).toUtf8();
    for (const QString& field : parser.values(QStringLiteral("respond-header"))) {
        const qsizetype colon = field.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            *error = tr("--respond-header '%1' is not NAME: VALUE").arg(field);
            return false;
        }
        rule.headers.append({field.left(colon).trimmed().toUtf8(), field.mid(colon + 1).trimmed().toUtf8()});
    }
    const QString problem = ResponseScript::check(rule);
    if (!problem.isEmpty()) {
        *error = problem;
        return false;
    }
    config->script = std::make_shared<ResponseScript>();
    config->script->setRules({rule});
    return true;
}
