package io.flowlens.decoders.ipfix;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.template.InformationElement;
import io.flowlens.decoders.template.TemplateField;
import io.flowlens.decoders.testing.WireWriter;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/** The IPFIX wire structures read alone, at an offset, and refused when they overrun. */
class WireStructuresTest {
  @Test
  void shouldReadTheMessageHeader() {
    ByteBuf buf = new WireWriter().zeros(1).u16(10).u16(1400).u32(1_700_000_000L).u32(0xFFFFFFFFL).u32(0x80000000L).buf();
    assertThat(MessageHeader.read(buf, 1)).isEqualTo(new MessageHeader(10, 1400, 1_700_000_000L, 0xFFFFFFFFL, 0x80000000L));
    assertThat(MessageHeader.SIZE).isEqualTo(16);
  }

  @Test
  void shouldReadIanaAndEnterpriseFieldSpecifiers() {
    ByteBuf buf = new WireWriter().u16(8).u16(4).u16(0x8000 | 12).u16(65535).u32(29305).buf();
    FieldSpecifier iana = FieldSpecifier.read(buf, 0, 12);
    assertThat(iana).isEqualTo(new FieldSpecifier(8, 4, 0));
    assertThat(iana.wireLength()).isEqualTo(FieldSpecifier.SIZE);
    assertThat(iana.isEnterprise()).isFalse();
    FieldSpecifier vendor = FieldSpecifier.read(buf, 4, 12);
    assertThat(vendor).isEqualTo(new FieldSpecifier(12, InformationElement.VARIABLE_LENGTH, 29305));
    assertThat(vendor.isEnterprise()).isTrue();
    assertThat(vendor.isVariableLength()).isTrue();
    assertThat(vendor.wireLength()).isEqualTo(FieldSpecifier.ENTERPRISE_SIZE);
    assertThat(FieldSpecifier.wireLength(buf, 4, 12)).isEqualTo(8);
    assertThat(vendor.toTemplateField()).isEqualTo(new TemplateField(12, 65535, 29305));
  }

  @Test
  void shouldKeepAnEnterpriseBitWithEnterpriseZeroVendorSpecific() {
    FieldSpecifier f = FieldSpecifier.read(new WireWriter().u16(0x8000 | 1).u16(8).u32(0).buf(), 0, 8);
    assertThat(f.elementId()).isEqualTo(1);
    assertThat(f.isEnterprise()).isTrue();
  }

  @Test
  void shouldRefuseAFieldSpecifierCutShort() {
    ByteBuf buf = new WireWriter().u16(0x8000 | 12).u16(4).u32(29305).buf();
    assertThat(FieldSpecifier.read(buf, 0, 3)).isNull();
    assertThat(FieldSpecifier.read(buf, 0, 7)).isNull();
    assertThat(FieldSpecifier.wireLength(buf, 0, 7)).isEqualTo(-1);
    assertThat(FieldSpecifier.wireLength(buf, 0, 3)).isEqualTo(-1);
  }

  @Test
  void shouldReadATemplateRecordWithMixedSpecifiers() {
    ByteBuf buf = new WireWriter().u16(0).u16(300).u16(2).u16(1).u16(8).u16(0x8000 | 5).u16(2).u32(9).buf();
    TemplateRecord r = TemplateRecord.read(buf, 2, 22);
    assertThat(r.templateId()).isEqualTo(300);
    assertThat(r.fields()).containsExactly(new FieldSpecifier(1, 8, 0), new FieldSpecifier(5, 2, 9));
    assertThat(r.wireLength()).isEqualTo(16);
    assertThat(r.fields()).isNotEmpty();
    assertThat(TemplateRecord.wireLength(buf, 2, 22)).isEqualTo(16);
  }

  @Test
  void shouldReadATemplateWithdrawal() {
    TemplateRecord r = TemplateRecord.read(new WireWriter().u16(300).u16(0).buf(), 0, 4);
    assertThat(r.fields()).as("a withdrawal").isEmpty();
    assertThat(r.wireLength()).isEqualTo(TemplateRecord.SIZE);
  }

  @Test
  void shouldRefuseATemplateRecordThatOverrunsTheSet() {
    ByteBuf buf = new WireWriter().u16(300).u16(2).u16(1).u16(8).u16(0x8000 | 5).u16(2).u32(9).buf();
    assertThat(TemplateRecord.read(buf, 0, 15)).isNull();
    assertThat(TemplateRecord.wireLength(buf, 0, 15)).isEqualTo(-1);
    ByteBuf huge = new WireWriter().u16(300).u16(60_000).zeros(16).buf();
    assertThat(TemplateRecord.read(huge, 0, 20)).isNull();
    assertThat(TemplateRecord.wireLength(huge, 0, 20)).isEqualTo(-1);
  }

  @Test
  void shouldReadAnOptionsTemplateRecordAndItsWithdrawal() {
    ByteBuf buf = new WireWriter().u16(400).u16(2).u16(1).u16(302).u16(4).u16(34).u16(4).buf();
    OptionsTemplateRecord r = OptionsTemplateRecord.read(buf, 0, 14);
    assertThat(r.scopeFieldCount()).isEqualTo(1);
    assertThat(r.fields()).containsExactly(new FieldSpecifier(302, 4, 0), new FieldSpecifier(34, 4, 0));
    assertThat(r.wireLength()).isEqualTo(14);
    assertThat(OptionsTemplateRecord.wireLength(buf, 0, 14)).isEqualTo(14);
    OptionsTemplateRecord withdrawal = OptionsTemplateRecord.read(new WireWriter().u16(400).u16(0).buf(), 0, 4);
    assertThat(withdrawal.fields()).as("a withdrawal").isEmpty();
    assertThat(withdrawal.wireLength()).isEqualTo(OptionsTemplateRecord.WITHDRAWAL_SIZE);
  }

  @Test
  void shouldRefuseAnInconsistentOrTruncatedOptionsTemplateRecord() {
    ByteBuf noScope = new WireWriter().u16(400).u16(1).u16(0).u16(34).u16(4).buf();
    assertThat(OptionsTemplateRecord.read(noScope, 0, 10)).isNull();
    ByteBuf tooManyScopes = new WireWriter().u16(400).u16(1).u16(2).u16(34).u16(4).buf();
    assertThat(OptionsTemplateRecord.read(tooManyScopes, 0, 10)).isNull();
    assertThat(OptionsTemplateRecord.wireLength(tooManyScopes, 0, 10)).isEqualTo(-1);
    ByteBuf headerCut = new WireWriter().u16(400).u16(1).u16(1).buf();
    assertThat(OptionsTemplateRecord.read(headerCut, 0, 5)).isNull();
    ByteBuf fieldsCut = new WireWriter().u16(400).u16(2).u16(1).u16(302).u16(4).u16(34).buf();
    assertThat(OptionsTemplateRecord.read(fieldsCut, 0, 12)).isNull();
    assertThat(OptionsTemplateRecord.wireLength(fieldsCut, 0, 12)).isEqualTo(-1);
  }
}
