package io.flowlens.demo.encode;

import java.nio.ByteBuffer;

/**
 * A template field: information element type and length, as NetFlow v9 (RFC 3954 section 5.2) and
 * IPFIX (RFC 7011 section 3.2, enterprise bit clear) both write it.
 */
record FieldSpec(int type, int length) {

  /** The sum of the field lengths: the length of one data record. */
  static int recordLength(FieldSpec[] fields) {
    int sum = 0;
    for (FieldSpec f : fields) {
      sum += f.length();
    }
    return sum;
  }

  /** Writes the type and length of every field, as template and options template records list them. */
  static void putAll(ByteBuffer out, FieldSpec[] fields) {
    for (FieldSpec f : fields) {
      out.putShort((short) f.type());
      out.putShort((short) f.length());
    }
  }
}
