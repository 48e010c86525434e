#pragma once

#include "ResponseScript.h"

/**
 * @brief The window's scripted answers (ResponseRule list), kept between runs in QSettings under
 * "answers/rules" as a JSON array.
 */
class AnswerSettings
{
public:
    static QList<ResponseRule> load();
    static void save(const QList<ResponseRule>& rules);

    static QByteArray toJson(const QList<ResponseRule>& rules);
    /// Reads toJson()'s text; rules that ResponseScript::check() refuses are left out.
    static QList<ResponseRule> fromJson(const QByteArray& json);
};
