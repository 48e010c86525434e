#pragma once

#include "CapturedRequest.h"

/**
 * @brief Which header fields of a captured request travel when it is sent again (copy as cURL,
 * resend, forward).
 *
 * RFC 9110 section 7.6.1: connection-specific fields, and those the Connection field names, belong
 * to the hop they arrived on. Host and Content-Length describe the original request's target and
 * framing, which the sender writes anew.
 */
class ForwardedHeaders
{
public:
    /// @p headers without the fields that don't travel, order and repeats kept.
    static HttpHeaders endToEnd(const HttpHeaders& headers);
    /// True when a field called @p name stays behind, given the Connection field's @p options (lower case).
    static bool staysBehind(const QByteArray& name, const QList<QByteArray>& options);
    /// The lower-case options of every Connection field in @p headers.
    static QList<QByteArray> connectionOptions(const HttpHeaders& headers);
};
