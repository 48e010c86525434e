#include "NdjsonWriter.h"

#include "NdjsonRecord.h"

bool NdjsonWriter::write(const StoredEvent& event)
{
    return put(m_out, NdjsonRecord::line(event));
}
