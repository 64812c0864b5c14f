/**
 * Naming the method a line sits in (the baseline keys on it), finding test classes and
 * ApexDoc, and choosing Graph Engine's asynchronous entry points.
 */
import { apexMembersOf, isTestClass, memberLabelAt } from '../apex-members';
import { targetedMethodsOf } from '../graph-engine';

const SOURCE = `/**
 * @description A store.
 */
public without sharing class Store implements Queueable, Database.Batchable<SObject> {
    private static final Integer LIMIT_ROWS = 10;

    /** @description Creates it. */
    public Store() {
    }

    /**
     * @description Reads.
     * @param id the id
     * @return rows
     */
    @AuraEnabled
    public static List<Account> read(Id id) {
        return [SELECT Id FROM Account WHERE Id = :id];
    }

    public Integer count {
        get {
            return 1;
        }
    }

    private class Helper {
        void help() {
            System.debug('x');
        }
    }

    public void execute(QueueableContext context) {
    }

    public Database.QueryLocator start(Database.BatchableContext context) {
        return null;
    }

    public void execute(Database.BatchableContext context, List<SObject> scope) {
    }

    public void finish(Database.BatchableContext context) {
    }

    private void other() {
    }
}
`;

describe('apexMembersOf and memberLabelAt', () => {
  const file = apexMembersOf(SOURCE);

  it('parses the class, its members and an inner class with their spans', () => {
    expect(file.parsed).toBe(true);
    expect(file.members.map((m) => `${m.kind} ${m.label}`)).toEqual([
      'class Store',
      'constructor Store.Store',
      'method Store.read',
      'property Store.count',
      'class Store.Helper',
      'method Store.Helper.help',
      'method Store.execute',
      'method Store.start',
      'method Store.execute',
      'method Store.finish',
      'method Store.other'
    ]);
    expect(file.members[0]).toMatchObject({
      startLine: 4,
      modifiers: ['public', 'withoutsharing'],
      implementsTypes: ['Queueable', 'Database.Batchable<SObject>']
    });
  });

  it('names the innermost declaration spanning a line', () => {
    expect(memberLabelAt(file.members, 18)).toBe('Store.read');
    expect(memberLabelAt(file.members, 16)).toBe('Store.read'); // the annotation line
    expect(memberLabelAt(file.members, 23)).toBe('Store.count');
    expect(memberLabelAt(file.members, 29)).toBe('Store.Helper.help');
    expect(memberLabelAt(file.members, 27)).toBe('Store.Helper');
    expect(memberLabelAt(file.members, 5)).toBe('Store');
    expect(memberLabelAt(file.members, 2)).toBe('(file)');
  });

  it('knows which declarations carry an ApexDoc comment and their annotations', () => {
    const byLabel = new Map(file.members.map((m) => [m.label, m]));
    expect(byLabel.get('Store')?.hasApexDoc).toBe(true);
    expect(byLabel.get('Store.Store')?.hasApexDoc).toBe(true);
    expect(byLabel.get('Store.read')).toMatchObject({
      hasApexDoc: true,
      annotations: ['auraenabled']
    });
    expect(byLabel.get('Store.count')?.hasApexDoc).toBe(false);
    expect(byLabel.get('Store.other')?.hasApexDoc).toBe(false);
  });

  it('reports an unparsable file as such, with no members', () => {
    expect(apexMembersOf('public class Broken { void x() { return }')).toEqual({
      parsed: false,
      members: []
    });
  });

  it('names a trigger by its own name', () => {
    const trigger = apexMembersOf('trigger AuditTrigger on Account (before insert) {\n}\n', true);
    expect(memberLabelAt(trigger.members, 2)).toBe('AuditTrigger');
  });
});

describe('isTestClass', () => {
  it('is true only for an @IsTest outer class', () => {
    expect(isTestClass(apexMembersOf('@IsTest\nprivate class T {\n}\n'))).toBe(true);
    expect(isTestClass(apexMembersOf('@isTest(SeeAllData=false)\nclass T {\n}\n'))).toBe(true);
    expect(isTestClass(apexMembersOf(SOURCE))).toBe(false);
  });
});

describe('targetedMethodsOf (Graph Engine asynchronous entry points)', () => {
  it('lists the interface methods and the file’s own entry points', () => {
    expect(targetedMethodsOf(apexMembersOf(SOURCE))).toEqual([
      'execute',
      'finish',
      'read',
      'start'
    ]);
  });

  it('covers Schedulable and Finalizer', () => {
    const job = `public with sharing class Job implements System.Schedulable, Finalizer {
      public void execute(SchedulableContext c) {}
      public void execute(FinalizerContext c) {}
      public void helper() {}
    }`;
    expect(targetedMethodsOf(apexMembersOf(job))).toEqual(['execute']);
  });

  it('is empty for a class without an asynchronous interface', () => {
    const controller = `public with sharing class C {
      @AuraEnabled public static String hi() { return 'hi'; }
    }`;
    expect(targetedMethodsOf(apexMembersOf(controller))).toEqual([]);
  });
});
